import { allowedValues, isActive } from './conditions.js'
import { roundTo } from './parse.js'
import { choiceIndex, isValidValue } from './transform.js'
import type { Param, Params, ParamValue, SearchSpace } from './types.js'

export const DEFAULT_GRID_POINTS = 5

/**
 * How many values the grid takes on one axis: every choice, every int (or step), gridPoints floats. Computed, never
 * listed, so an int axis of 1e12 values costs nothing until a cell is decoded.
 */
export function axisLength(p: Param, gridPoints = DEFAULT_GRID_POINTS): number {
  switch (p.type) {
    case 'constant':
      return 1
    case 'categorical':
      return p.choices.length
    case 'int':
      return Math.floor((p.high - p.low) / (p.step ?? 1)) + 1
    case 'float':
      if (p.step !== undefined) return Math.floor((p.high - p.low) / p.step + 1e-9) + 1
      return p.high === p.low ? 1 : gridPoints
  }
}

/** The k-th value of an axis (0 ≤ k < axisLength), in the order gridCells lists them. */
export function axisValue(p: Param, k: number, gridPoints = DEFAULT_GRID_POINTS): ParamValue {
  switch (p.type) {
    case 'constant':
      return p.value
    case 'categorical':
      return p.choices[k]!
    case 'int':
      return p.low + k * (p.step ?? 1)
    case 'float': {
      if (p.step !== undefined) return roundTo(p.low + k * p.step, p.step)
      const n = axisLength(p, gridPoints)
      if (n === 1) return p.low
      // The ends are exact: exp(log(x)) and low + (high - low) can land just outside [low, high].
      if (k === 0) return p.low
      if (k === n - 1) return p.high
      const t = k / (n - 1)
      const v = p.log ? Math.exp(Math.log(p.low) + t * (Math.log(p.high) - Math.log(p.low))) : p.low + t * (p.high - p.low)
      return Math.min(Math.max(v, p.low), p.high)
    }
  }
}

/** The values the grid takes on one axis, listed (only for axes known to be small: it allocates one per value). */
export function axisValues(p: Param, gridPoints = DEFAULT_GRID_POINTS): ParamValue[] {
  return Array.from({ length: axisLength(p, gridPoints) }, (_, k) => axisValue(p, k, gridPoints))
}

/** Whether every axis is finite without gridPoints (no float axis without a step). */
export function isFiniteSpace(space: SearchSpace): boolean {
  return space.parameters.every((p) => p.type !== 'float' || p.step !== undefined || p.low === p.high)
}

/**
 * A value that equals nothing: it stands for every value of an axis that no condition names, since all of those
 * activate the same parameters and so have subtrees of the same size.
 */
const OTHER = Symbol('other value') as unknown as ParamValue

/** A parameter others depend on: the axis positions of the values their conditions name, in axis order. */
interface Branching {
  readonly named: readonly { readonly k: number; readonly value: ParamValue }[]
}

const plans = new WeakMap<SearchSpace, readonly (Branching | undefined)[]>()

/** Per parameter (by index): undefined when no condition names it, else the values conditions name that are on its axis. */
function branchings(space: SearchSpace): readonly (Branching | undefined)[] {
  let plan = plans.get(space)
  if (plan) return plan
  const named = new Map<string, Set<ParamValue>>()
  for (const q of space.parameters) {
    for (const [name, accepted] of Object.entries(q.when ?? {})) {
      const set = named.get(name) ?? new Set<ParamValue>()
      for (const v of allowedValues(accepted)) set.add(v)
      named.set(name, set)
    }
  }
  plan = space.parameters.map((p) => {
    const values = named.get(p.name)
    if (!values) return undefined
    const list: { k: number; value: ParamValue }[] = []
    for (const value of values) {
      const k = axisIndex(p, value)
      if (k !== undefined) list.push({ k, value })
    }
    return { named: list.sort((a, b) => a.k - b.k) }
  })
  plans.set(space, plan)
  return plan
}

/** Where a value sits on an axis of the kinds conditions may name (categorical, int, constant); undefined if not on it. */
function axisIndex(p: Param, v: ParamValue): number | undefined {
  switch (p.type) {
    case 'constant':
      return v === p.value ? 0 : undefined
    case 'categorical': {
      const k = choiceIndex(p.choices, v)
      return k >= 0 ? k : undefined
    }
    case 'int': {
      if (typeof v !== 'number' || !isValidValue(p, v)) return undefined
      return (v - p.low) / (p.step ?? 1)
    }
    case 'float':
      return undefined // conditions on floats are refused by parse
  }
}

/** The number of grid cells, counting only valid combinations of conditional parameters (a float: it may pass 2^53). */
export function gridSize(space: SearchSpace, gridPoints = DEFAULT_GRID_POINTS): number {
  return cellsFrom(space, gridPoints, 0, {})
}

/** How many cells the parameters from index i on add, given the values chosen before i. */
function cellsFrom(space: SearchSpace, gridPoints: number, i: number, chosen: Params): number {
  if (i === space.parameters.length) return 1
  const p = space.parameters[i]!
  if (!isActive(p, chosen)) return cellsFrom(space, gridPoints, i + 1, chosen)
  const length = axisLength(p, gridPoints)
  const branching = branchings(space)[i]
  // Only parameters that others depend on change the count of what follows; others multiply.
  if (!branching) return length * cellsFrom(space, gridPoints, i + 1, chosen)
  let total = 0
  for (const { value } of branching.named) total += cellsFrom(space, gridPoints, i + 1, { ...chosen, [p.name]: value })
  const others = length - branching.named.length
  if (others > 0) total += others * cellsFrom(space, gridPoints, i + 1, { ...chosen, [p.name]: OTHER })
  return total
}

/** Every grid cell, in a fixed order; only active parameters appear in a cell. Refuses more than `limit` cells. */
export function gridCells(space: SearchSpace, gridPoints = DEFAULT_GRID_POINTS, limit = 2_000_000): Params[] {
  const size = gridSize(space, gridPoints)
  if (size > limit) throw new RangeError(`the grid has ${size} cells (limit ${limit}); add steps, fewer gridPoints or use another strategy`)
  const out: Params[] = []
  const walk = (i: number, chosen: Params): void => {
    if (i === space.parameters.length) {
      out.push({ ...chosen })
      return
    }
    const p = space.parameters[i]!
    if (!isActive(p, chosen)) {
      walk(i + 1, chosen)
      return
    }
    const length = axisLength(p, gridPoints)
    for (let k = 0; k < length; k++) {
      chosen[p.name] = axisValue(p, k, gridPoints)
      walk(i + 1, chosen)
    }
    delete chosen[p.name]
  }
  walk(0, {})
  return out
}

/**
 * The cell at `index` (0 ≤ index < gridSize) in the same order as gridCells, without enumerating the grid or an axis:
 * a mixed-radix decoding where parameters that others depend on branch on the size of each subtree (the values no
 * condition names come in runs of equal subtrees, skipped by division).
 */
export function gridCellAt(space: SearchSpace, index: number, gridPoints = DEFAULT_GRID_POINTS): Params {
  const plan = branchings(space)
  const chosen: Params = {}
  let r = index
  for (let i = 0; i < space.parameters.length; i++) {
    const p = space.parameters[i]!
    if (!isActive(p, chosen)) continue
    const length = axisLength(p, gridPoints)
    const branching = plan[i]
    if (!branching) {
      const below = cellsFrom(space, gridPoints, i + 1, chosen)
      const k = Math.min(length - 1, Math.floor(r / below))
      chosen[p.name] = axisValue(p, k, gridPoints)
      r -= k * below
      continue
    }
    const other = branching.named.length < length ? cellsFrom(space, gridPoints, i + 1, { ...chosen, [p.name]: OTHER }) : 0
    let next = 0 // the first axis position not yet passed
    let picked: ParamValue | undefined
    for (const segment of [...branching.named, { k: length, value: OTHER }]) {
      const run = segment.k - next
      if (run > 0 && r < run * other) {
        const k = next + Math.min(run - 1, Math.floor(r / other))
        picked = axisValue(p, k, gridPoints)
        r -= (k - next) * other
        break
      }
      r -= run * other
      if (segment.k === length) break
      const size = cellsFrom(space, gridPoints, i + 1, { ...chosen, [p.name]: segment.value })
      if (r < size) {
        picked = segment.value
        break
      }
      r -= size
      next = segment.k + 1
    }
    // Rounding of a huge (float) index can run past the end: the last value then.
    chosen[p.name] = picked ?? axisValue(p, length - 1, gridPoints)
  }
  return chosen
}

/**
 * A cell drawn uniformly among all cells, without an index (for grids past 2^53 cells, where an index loses
 * precision): each branching parameter picks a value with probability proportional to the cells below it.
 */
export function randomGridCell(space: SearchSpace, rng: () => number, gridPoints = DEFAULT_GRID_POINTS): Params {
  const size = gridSize(space, gridPoints)
  if (Number.isSafeInteger(size)) return gridCellAt(space, Math.floor(rng() * size), gridPoints)
  const plan = branchings(space)
  const chosen: Params = {}
  for (let i = 0; i < space.parameters.length; i++) {
    const p = space.parameters[i]!
    if (!isActive(p, chosen)) continue
    const length = axisLength(p, gridPoints)
    const branching = plan[i]
    const uniform = (): ParamValue => axisValue(p, Math.min(length - 1, Math.floor(rng() * length)), gridPoints)
    if (!branching) {
      chosen[p.name] = uniform()
      continue
    }
    const weights = branching.named.map(({ value }) => cellsFrom(space, gridPoints, i + 1, { ...chosen, [p.name]: value }))
    const others = length - branching.named.length
    const otherWeight = others > 0 ? others * cellsFrom(space, gridPoints, i + 1, { ...chosen, [p.name]: OTHER }) : 0
    let u = rng() * (weights.reduce((a, b) => a + b, 0) + otherWeight)
    let picked: ParamValue | undefined
    for (let j = 0; j < weights.length; j++) {
      if (u < weights[j]!) {
        picked = branching.named[j]!.value
        break
      }
      u -= weights[j]!
    }
    if (picked === undefined && others === 0) picked = branching.named[branching.named.length - 1]!.value
    if (picked === undefined) {
      // An unnamed value: draw axis positions until one that no condition names (they are most of the axis).
      const namedKeys = new Set(branching.named.map((n) => n.k))
      let k = Math.floor(rng() * length)
      while (namedKeys.has(k)) k = Math.floor(rng() * length)
      picked = axisValue(p, k, gridPoints)
    }
    chosen[p.name] = picked
  }
  return chosen
}

/** A canonical key for a configuration: the same active values give the same key whatever the key order. */
export function paramsKey(params: Readonly<Params>): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  )
}
