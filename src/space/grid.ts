import { isActive } from './conditions.js'
import { roundTo } from './parse.js'
import type { Param, Params, ParamValue, SearchSpace } from './types.js'

export const DEFAULT_GRID_POINTS = 5

/** The values the grid takes on one axis: every choice, every int (or step), gridPoints floats (log-spaced on log axes). */
export function axisValues(p: Param, gridPoints = DEFAULT_GRID_POINTS): ParamValue[] {
  switch (p.type) {
    case 'constant':
      return [p.value]
    case 'categorical':
      return [...p.choices]
    case 'int': {
      const step = p.step ?? 1
      const out: number[] = []
      for (let v = p.low; v <= p.high; v += step) out.push(v)
      return out
    }
    case 'float': {
      if (p.step !== undefined) {
        const n = Math.floor((p.high - p.low) / p.step + 1e-9) + 1
        return Array.from({ length: n }, (_, k) => roundTo(p.low + k * p.step!, p.step!))
      }
      if (p.high === p.low || gridPoints === 1) return [p.low]
      return Array.from({ length: gridPoints }, (_, k) => {
        // The ends are exact: exp(log(x)) and low + (high - low) can land just outside [low, high].
        if (k === 0) return p.low
        if (k === gridPoints - 1) return p.high
        const t = k / (gridPoints - 1)
        const v = p.log ? Math.exp(Math.log(p.low) + t * (Math.log(p.high) - Math.log(p.low))) : p.low + t * (p.high - p.low)
        return Math.min(Math.max(v, p.low), p.high)
      })
    }
  }
}

/** Whether every axis is finite without gridPoints (no float axis without a step). */
export function isFiniteSpace(space: SearchSpace): boolean {
  return space.parameters.every((p) => p.type !== 'float' || p.step !== undefined || p.low === p.high)
}

/** The number of grid cells, counting only valid combinations of conditional parameters. */
export function gridSize(space: SearchSpace, gridPoints = DEFAULT_GRID_POINTS): number {
  return cellsFrom(
    space,
    space.parameters.map((p) => axisValues(p, gridPoints)),
    0,
    {},
  )
}

/** How many cells the parameters from index i on add, given the values chosen before i. */
function cellsFrom(space: SearchSpace, axes: readonly ParamValue[][], i: number, chosen: Params): number {
  if (i === space.parameters.length) return 1
  const p = space.parameters[i]!
  if (!isActive(p, chosen)) return cellsFrom(space, axes, i + 1, chosen)
  // Only parameters that others depend on change the count of what follows; others multiply.
  if (!dependedOn(space, p.name)) return axes[i]!.length * cellsFrom(space, axes, i + 1, chosen)
  let total = 0
  for (const v of axes[i]!) total += cellsFrom(space, axes, i + 1, { ...chosen, [p.name]: v })
  return total
}

/** Every grid cell, in a fixed order; only active parameters appear in a cell. Refuses more than `limit` cells. */
export function gridCells(space: SearchSpace, gridPoints = DEFAULT_GRID_POINTS, limit = 2_000_000): Params[] {
  const size = gridSize(space, gridPoints)
  if (size > limit) throw new RangeError(`the grid has ${size} cells (limit ${limit}); add steps, fewer gridPoints or use another strategy`)
  const axes = space.parameters.map((p) => axisValues(p, gridPoints))
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
    for (const v of axes[i]!) {
      chosen[p.name] = v
      walk(i + 1, chosen)
    }
    delete chosen[p.name]
  }
  walk(0, {})
  return out
}

/**
 * The cell at `index` (0 ≤ index < gridSize) in the same order as gridCells, without enumerating the grid:
 * a mixed-radix decoding where parameters that others depend on branch on the size of each subtree.
 */
export function gridCellAt(space: SearchSpace, index: number, gridPoints = DEFAULT_GRID_POINTS): Params {
  const axes = space.parameters.map((p) => axisValues(p, gridPoints))
  const count = (i: number, chosen: Params): number => cellsFrom(space, axes, i, chosen)
  const chosen: Params = {}
  let r = index
  for (let i = 0; i < space.parameters.length; i++) {
    const p = space.parameters[i]!
    if (!isActive(p, chosen)) continue
    if (!dependedOn(space, p.name)) {
      const below = count(i + 1, chosen)
      chosen[p.name] = axes[i]![Math.floor(r / below)]!
      r %= below
      continue
    }
    for (const v of axes[i]!) {
      const size = count(i + 1, { ...chosen, [p.name]: v })
      if (r < size) {
        chosen[p.name] = v
        break
      }
      r -= size
    }
  }
  return chosen
}

function dependedOn(space: SearchSpace, name: string): boolean {
  return space.parameters.some((q) => q.when !== undefined && Object.hasOwn(q.when, name))
}

/** A canonical key for a configuration: the same active values give the same key whatever the key order. */
export function paramsKey(params: Readonly<Params>): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  )
}
