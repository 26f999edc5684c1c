import { createRng, type Rng } from '../../util/rng.js'
import type { StudyRecord, TrialRecord } from '../../trial/types.js'
import { completeValue } from '../curves.js'
import { paramNames } from '../summary.js'
import { encodeParam } from './encode.js'

/**
 * Parameter importance by fANOVA (Hutter, Hoos and Leyton-Brown, ICML 2014, "An efficient approach for assessing
 * hyperparameter importance"), the method behind Optuna's default FanovaImportanceEvaluator: a random forest is
 * fitted to the complete trials (parameters in the unit box, log ones in log space, categories as equal cells), and
 * for each tree the variance of its prediction over the whole box is split exactly into what each parameter's
 * marginal explains alone; a parameter's importance is that share, averaged over the trees.
 *
 * Unlike PED-ANOVA it models the objective everywhere, so it credits a parameter whose effect is smooth and large
 * even when no single region of it holds the best trials; but a forest fitted to few trials, or to trials a
 * strategy crowded into one region, extrapolates over the empty box, and the shares then describe the model more
 * than the objective. Only parameters active in every complete trial take part (the box must be one space).
 */
export interface ForestImportance {
  readonly method: 'fanova'
  /** Complete trials the forest was fitted to (at most MAX_TRIALS, a random subset beyond). */
  readonly trials: number
  readonly trees: number
  /** Most important first; shares of the forest's variance, each in [0, 1] (they sum to at most 1: the rest is interactions). */
  readonly params: readonly { readonly name: string; readonly importance: number }[]
  /** Parameters left out because some complete trial lacks them (conditional) or they never vary. */
  readonly skipped: readonly string[]
}

export interface ForestOptions {
  readonly trees?: number
  readonly seed?: string
  readonly minLeaf?: number
}

/** Below this many complete trials no forest is fitted. */
export const MIN_FOREST_TRIALS = 10
/** Beyond this many complete trials the forest sees a random subset: its cost grows as n log n per tree. */
const MAX_TRIALS = 1000
/** 32 trees: Optuna fits 64; the shares of 32 differ from 64's by about a percentage point on the example studies. */
const TREES = 32

export function forestImportance(study: StudyRecord, trials: readonly TrialRecord[], options: ForestOptions = {}): ForestImportance {
  const trees = options.trees ?? TREES
  const rng = createRng(options.seed ?? `fanova/${study.name}`)
  let complete = trials.filter((t) => completeValue(t) !== null)
  if (complete.length > MAX_TRIALS) complete = sample(complete, MAX_TRIALS, rng)
  const names: string[] = []
  const columns: Float64Array[] = []
  const skipped: string[] = []
  for (const name of paramNames(study, trials)) {
    const values = complete.map((t) => t.params[name])
    const enc = values.some((v) => v === undefined) ? undefined : encodeParam(study.space.parameters[name], values as NonNullable<(typeof values)[0]>[])
    if (!enc) {
      skipped.push(name)
      continue
    }
    names.push(name)
    columns.push(
      Float64Array.from(values, (v) => {
        const u = enc.kind === 'numeric' ? enc.toUnit(v!) : (enc.index(v!) + 0.5) / enc.cells
        return Math.min(1, Math.max(0, u))
      }),
    )
  }
  const base = { method: 'fanova', trials: complete.length, trees, skipped } as const
  if (complete.length < MIN_FOREST_TRIALS || names.length === 0) return { ...base, params: names.map((name) => ({ name, importance: 0 })) }
  const y = Float64Array.from(complete, (t) => t.value!)
  const sums = new Float64Array(names.length)
  let counted = 0
  for (let k = 0; k < trees; k++) {
    const rows = Array.from({ length: complete.length }, () => Math.floor(rng() * complete.length))
    const leaves = fitTree(columns, y, rows, options.minLeaf ?? 1)
    const shares = decompose(leaves, names.length)
    if (!shares) continue
    counted++
    for (let j = 0; j < names.length; j++) sums[j]! += shares[j]!
  }
  const params = names
    .map((name, j) => ({ name, importance: counted > 0 ? sums[j]! / counted : 0 }))
    .sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name))
  return { ...base, params }
}

/** A leaf: its box in the unit cube (lo, hi per dimension) and its prediction. */
interface Leaf {
  readonly lo: Float64Array
  readonly hi: Float64Array
  readonly value: number
}

/** A regression tree (CART, squared error, every feature tried at each split), grown until leaves are pure or small. */
function fitTree(columns: readonly Float64Array[], y: Float64Array, rows: number[], minLeaf: number): Leaf[] {
  const d = columns.length
  const leaves: Leaf[] = []
  const stack: { rows: number[]; lo: Float64Array; hi: Float64Array; depth: number }[] = [
    { rows, lo: new Float64Array(d), hi: new Float64Array(d).fill(1), depth: 0 },
  ]
  while (stack.length > 0) {
    const node = stack.pop()!
    const n = node.rows.length
    let sum = 0
    for (const r of node.rows) sum += y[r]!
    const mean = sum / n
    let best: { gain: number; feature: number; threshold: number } | undefined
    if (n >= 2 * minLeaf && node.depth < 64) {
      let sse = 0
      for (const r of node.rows) sse += (y[r]! - mean) ** 2
      if (sse > 1e-12 * Math.max(1, mean * mean) * n) {
        for (let f = 0; f < d; f++) {
          const col = columns[f]!
          const order = [...node.rows].sort((a, b) => col[a]! - col[b]!)
          let leftSum = 0
          let leftSq = 0
          let totalSq = 0
          for (const r of order) totalSq += y[r]! ** 2
          for (let i = 0; i < n - 1; i++) {
            const v = y[order[i]!]!
            leftSum += v
            leftSq += v * v
            const left = i + 1
            if (left < minLeaf || n - left < minLeaf) continue
            const a = col[order[i]!]!
            const b = col[order[i + 1]!]!
            if (b <= a) continue
            const rightSum = sum - leftSum
            const childSse = leftSq - (leftSum * leftSum) / left + (totalSq - leftSq) - (rightSum * rightSum) / (n - left)
            const gain = sse - childSse
            if (!best || gain > best.gain) best = { gain, feature: f, threshold: (a + b) / 2 }
          }
        }
      }
    }
    if (!best || best.gain <= 0) {
      leaves.push({ lo: node.lo, hi: node.hi, value: mean })
      continue
    }
    const col = columns[best.feature]!
    const left = node.rows.filter((r) => col[r]! <= best.threshold)
    const right = node.rows.filter((r) => col[r]! > best.threshold)
    const leftHi = Float64Array.from(node.hi)
    leftHi[best.feature] = best.threshold
    const rightLo = Float64Array.from(node.lo)
    rightLo[best.feature] = best.threshold
    stack.push({ rows: left, lo: node.lo, hi: leftHi, depth: node.depth + 1 })
    stack.push({ rows: right, lo: rightLo, hi: node.hi, depth: node.depth + 1 })
  }
  return leaves
}

/**
 * The share of a tree's variance over the unit box that each dimension's marginal explains alone, exactly: the
 * marginal of dimension j is constant between the tree's split points on j, where it is the sum over the leaves
 * spanning that interval of their value times their volume in the other dimensions. Undefined for a constant tree.
 */
export function decompose(leaves: readonly Leaf[], d: number): Float64Array | undefined {
  const volume = (l: Leaf, skip: number): number => {
    let v = 1
    for (let k = 0; k < d; k++) if (k !== skip) v *= l.hi[k]! - l.lo[k]!
    return v
  }
  let mean = 0
  for (const l of leaves) mean += l.value * volume(l, -1)
  let total = 0
  for (const l of leaves) total += volume(l, -1) * (l.value - mean) ** 2
  if (!(total > 1e-300)) return undefined
  const shares = new Float64Array(d)
  for (let j = 0; j < d; j++) {
    // Sweep the leaves' intervals on j: the marginal changes only where a leaf starts or ends.
    const events: [number, number][] = []
    for (const l of leaves) {
      const c = l.value * volume(l, j)
      events.push([l.lo[j]!, c], [l.hi[j]!, -c])
    }
    events.sort((a, b) => a[0] - b[0])
    let f = 0
    let v = 0
    let at = 0
    for (const [x, c] of events) {
      if (x > at) {
        v += (x - at) * (f - mean) ** 2
        at = x
      }
      f += c
    }
    shares[j] = v / total
  }
  return shares
}

function sample<T>(items: readonly T[], k: number, rng: Rng): T[] {
  const copy = [...items]
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (copy.length - i))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy.slice(0, k)
}
