import { violation } from '../../trial/pareto.js'
import type { Direction, TrialRecord } from '../../trial/types.js'
import { hypervolume } from '../../util/hypervolume.js'
import type { SpaceCodec } from './encode.js'
import type { Observations } from './split.js'
import { TIER_COMPLETE, TIER_PENDING, TIER_PRUNED } from './split.js'

/** Optuna's floor for a zero reference coordinate and for a contribution (so that every good point keeps some weight). */
const EPS = 1e-12

/**
 * MOTPE's observations (Ozaki et al. 2020, as Optuna 3.1's TPESampler does it with several objectives): each finished
 * trial's score is its place in the multi-objective order, so that the single-objective split (the `nGood` lowest
 * scores) takes exactly MOTPE's good set:
 * - feasible trials first (constraints all <= 0), then infeasible ones by total violation;
 * - feasible trials by non-domination rank, whole fronts while they fit in the good set;
 * - the front that does not fit: the points that add most hypervolume, chosen greedily (Optuna's HSSP), first.
 * Only the fronts needed to fill the good set are sorted (the order of the rest does not change the split), which
 * is what keeps an ask on 1,000 trials within a few ms. `goodWeights` gives l(x) Optuna's weights: each good point's
 * share of the good set's hypervolume, relative to the largest (clipped at EPS).
 */
export function collectMultiObservations(
  trials: readonly TrialRecord[],
  directions: readonly Direction[],
  codec: SpaceCodec,
  constantLiar: boolean,
  nGoodOf: (finished: number) => number,
  memo: MultiMemo = newMultiMemo(),
): Observations {
  const m = directions.length
  const key = directions.join(',')
  if (memo.key !== key) Object.assign(memo, newMultiMemo(key))
  const vectors: Float64Array[] = []
  const numbers: number[] = []
  const tiers: number[] = []
  const scores: number[] = []
  const values: (number[] | undefined)[] = []
  const violations: number[] = []
  /** Rows of the feasible complete trials by trial number (for the kept order, checked by record), infeasible rows. */
  let top = 0
  for (const t of trials) if (t.number > top) top = t.number
  const rowByNumber = new Int32Array(top + 1).fill(-1)
  const records: TrialRecord[] = []
  let feasibleCount = 0
  const infeasible: number[] = []
  const added: TrialRecord[] = []
  let finished = 0
  memo.records.length = trials.length
  memo.entries.length = trials.length
  for (let i = 0; i < trials.length; i++) {
    const t = trials[i]!
    // Records are replaced, never mutated: what an ask derives from one stays right while it is at that position.
    let e = memo.records[i] === t ? memo.entries[i] : undefined
    if (e === undefined) {
      e = multiEntry(t, directions, codec)
      memo.records[i] = t
      memo.entries[i] = e
    }
    if (e === null || (e.tier === TIER_PENDING && !constantLiar) || (e.tier === TIER_COMPLETE && !e.values)) continue
    if (e.tier !== TIER_PENDING) finished++
    const row = vectors.length
    vectors.push(e.vector)
    numbers.push(t.number)
    tiers.push(e.tier)
    scores.push(Number.POSITIVE_INFINITY)
    values.push(e.values)
    violations.push(e.violation)
    if (!e.values) continue
    records.push(t)
    if (e.violation > 0) infeasible.push(row)
    else {
      rowByNumber[t.number] = row
      feasibleCount++
      if (!memo.inOrder.has(t)) added.push(t)
    }
  }
  const rowOf = (t: TrialRecord): number => {
    const r = t.number <= top ? rowByNumber[t.number]! : -1
    return r >= 0 && records[r] === t ? r : -1
  }
  // The feasible trials in lexicographic order, kept across asks: the new ones are inserted; a history that lost a
  // record (another study, a reset) is sorted again.
  const value = (t: TrialRecord): readonly number[] => values[rowOf(t)]!
  if (memo.order.length + added.length !== feasibleCount || memo.order.some((t) => rowOf(t) < 0)) {
    memo.order = records.filter((t) => rowOf(t) >= 0 && violations[rowOf(t)] === 0).sort((a, b) => lexCompare(value(a), value(b), m) || a.number - b.number)
    memo.inOrder = new WeakSet(memo.order)
  } else {
    for (const t of added) {
      let lo = 0
      let hi = memo.order.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        const o = memo.order[mid]!
        if ((lexCompare(value(o), value(t), m) || o.number - t.number) < 0) lo = mid + 1
        else hi = mid
      }
      memo.order.splice(lo, 0, t)
      memo.inOrder.add(t)
    }
  }
  infeasible.sort((a, b) => violations[a]! - violations[b]! || a - b)
  const order = orderSorted(values as (readonly number[])[], memo.order.map(rowOf), infeasible, nGoodOf(finished), m)
  // Ranked rows get their position; the rest of the complete trials share the next score (ties go by number).
  order.ranked.forEach((r, pos) => {
    scores[r] = pos
  })
  for (const r of order.unranked) scores[r] = order.ranked.length + violations[r]!
  return {
    vectors,
    numbers,
    tiers,
    scores,
    finished,
    goodWeights: memoByRows((good) => contributionWeights(good.map((r) => values[r] ?? []))),
  }
}

/**
 * What MOTPE keeps across asks, all rebuilt from the trials alone: per position, the record seen there and what it
 * gave, and the feasible complete records in lexicographic order of their oriented values.
 */
export interface MultiMemo {
  key: string
  records: (TrialRecord | undefined)[]
  entries: (MultiEntry | null | undefined)[]
  order: TrialRecord[]
  inOrder: WeakSet<TrialRecord>
}

export function newMultiMemo(key = ''): MultiMemo {
  return { key, records: [], entries: [], order: [], inOrder: new WeakSet() }
}

function lexCompare(p: readonly number[], q: readonly number[], m: number): number {
  for (let k = 0; k < m; k++) if (p[k] !== q[k]) return p[k]! - q[k]!
  return 0
}

/** Independent TPE asks for the same good set once per parameter: computed once per ask. */
function memoByRows(fn: (rows: readonly number[]) => Float64Array): (rows: readonly number[]) => Float64Array {
  const seen = new Map<string, Float64Array>()
  return (rows) => {
    const key = rows.join(',')
    let w = seen.get(key)
    if (!w) {
      w = fn(rows)
      seen.set(key, w)
    }
    return w
  }
}

/** What MOTPE derives from one trial record (null: a failed trial, left out). */
export interface MultiEntry {
  readonly vector: Float64Array
  readonly tier: number
  /** Oriented objective values (complete trials with one finite value per objective), else undefined. */
  readonly values: number[] | undefined
  readonly violation: number
}

function multiEntry(t: TrialRecord, directions: readonly Direction[], codec: SpaceCodec): MultiEntry | null {
  if (t.state === 'fail') return null
  const tier = t.state === 'complete' ? TIER_COMPLETE : t.state === 'pruned' ? TIER_PRUNED : TIER_PENDING
  const values = tier === TIER_COMPLETE ? oriented(t, directions) : undefined
  return { vector: codec.encode(t.params), tier, values, violation: values ? violation(t.constraints) : 0 }
}

function oriented(t: TrialRecord, directions: readonly Direction[]): number[] | undefined {
  const v = t.values
  if (!v || v.length !== directions.length || !v.every(Number.isFinite)) return undefined
  return v.map((x, k) => (directions[k] === 'maximize' ? -x : x))
}

/**
 * The indices of `points` in MOTPE's order, far enough to fill `nGood` places (`ranked`), and those left (`unranked`):
 * feasible (violation 0) by non-domination rank, the boundary front by greedy hypervolume contribution, then the
 * infeasible by violation.
 */
export function multiObjectiveOrder(
  points: readonly (readonly number[])[],
  violations: readonly number[],
  nGood: number,
  m: number,
): { ranked: number[]; unranked: number[] } {
  const feasible: number[] = []
  const infeasible: number[] = []
  for (let i = 0; i < points.length; i++) (violations[i] === 0 ? feasible : infeasible).push(i)
  feasible.sort((a, b) => lexCompare(points[a]!, points[b]!, m) || a - b)
  infeasible.sort((a, b) => violations[a]! - violations[b]! || a - b)
  return orderSorted(points, feasible, infeasible, nGood, m)
}

/** multiObjectiveOrder from the feasible indices sorted lexicographically and the infeasible ones by violation. */
function orderSorted(
  points: readonly (readonly number[])[],
  sortedFeasible: readonly number[],
  infeasible: readonly number[],
  nGood: number,
  m: number,
): { ranked: number[]; unranked: number[] } {
  const ranked: number[] = []
  // Each front is peeled off in one pass over the sorted points, and the rest stays sorted.
  let remaining: readonly number[] = sortedFeasible
  while (ranked.length < nGood && remaining.length > 0) {
    const { front, rest } = firstFront(points, remaining, m)
    const room = nGood - ranked.length
    if (front.length <= room) ranked.push(...front)
    else {
      const chosen = greedyContribution(
        front.map((i) => points[i]!),
        room,
      ).map((k) => front[k]!)
      const picked = new Set(chosen)
      ranked.push(...chosen, ...front.filter((i) => !picked.has(i)))
    }
    remaining = rest
  }
  if (ranked.length < nGood) {
    ranked.push(...infeasible)
    return { ranked, unranked: [...remaining] }
  }
  return { ranked, unranked: [...remaining, ...infeasible] }
}

/**
 * The points of `sorted` (sorted lexicographically) that no other of them dominates, and the rest, both in that
 * order. Sorted so, a point can be dominated only by one before it, which must itself be on the front: each point is
 * checked against the front so far (two objectives: against the lowest second value so far). O(n·front).
 */
function firstFront(points: readonly (readonly number[])[], sorted: readonly number[], m: number): { front: number[]; rest: number[] } {
  const front: number[] = []
  const rest: number[] = []
  const archive: (readonly number[])[] = []
  let min2 = Number.POSITIVE_INFINITY
  let last: readonly number[] | undefined
  for (const i of sorted) {
    const p = points[i]!
    let beaten: boolean
    if (m === 2) {
      // Equal points are both on the front; otherwise an earlier point with a second value <= p's dominates it.
      beaten = last !== undefined && !(last[0] === p[0] && last[1] === p[1]) && min2 <= p[1]!
    } else {
      beaten = archive.some((q) => {
        let strictly = false
        for (let k = 0; k < m; k++) {
          if (q[k]! > p[k]!) return false
          if (q[k]! < p[k]!) strictly = true
        }
        return strictly
      })
    }
    if (beaten) {
      rest.push(i)
      continue
    }
    front.push(i)
    archive.push(p)
    last = p
    if (p[1]! < min2) min2 = p[1]!
  }
  return { front, rest }
}

/** Optuna's reference point for a set: 1.1 times its worst value per objective (0.9 for negative ones), EPS for 0. */
function referenceOf(points: readonly (readonly number[])[]): number[] {
  const m = points[0]!.length
  const ref: number[] = []
  for (let k = 0; k < m; k++) {
    let worst = Number.NEGATIVE_INFINITY
    for (const p of points) worst = Math.max(worst, p[k]!)
    const r = Math.max(1.1 * worst, 0.9 * worst)
    ref.push(r === 0 ? EPS : r)
  }
  return ref
}

function box(p: readonly number[], ref: readonly number[]): number {
  let v = 1
  for (let k = 0; k < ref.length; k++) v *= Math.max(0, ref[k]! - p[k]!)
  return v
}

/** What p adds to the hypervolume of `chosen`: its box less the part the chosen points already cover. */
function contribution(p: readonly number[], chosen: readonly (readonly number[])[], ref: readonly number[]): number {
  if (chosen.length === 0) return box(p, ref)
  return (
    box(p, ref) -
    hypervolume(
      chosen.map((q) => q.map((v, k) => Math.max(v, p[k]!))),
      ref,
    )
  )
}

/**
 * Greedy hypervolume subset selection (Optuna's _solve_hssp): `k` of the points, each the one adding most hypervolume
 * to those chosen before it. Lazily: a contribution only shrinks as the chosen set grows (hypervolume is submodular),
 * so a point whose bound, recomputed for the current set, still beats every other bound is the greedy choice.
 */
export function greedyContribution(points: readonly (readonly number[])[], k: number): number[] {
  if (points.length === 0 || k <= 0) return []
  const ref = referenceOf(points)
  const bound = points.map((p) => box(p, ref))
  const fresh = new Uint8Array(points.length).fill(1)
  const taken = new Uint8Array(points.length)
  const chosen: number[] = []
  while (chosen.length < Math.min(k, points.length)) {
    let best = -1
    for (let i = 0; i < points.length; i++) if (!taken[i] && (best < 0 || bound[i]! > bound[best]!)) best = i
    if (fresh[best]) {
      taken[best] = 1
      chosen.push(best)
      fresh.fill(0)
      continue
    }
    bound[best] = contribution(
      points[best]!,
      chosen.map((c) => points[c]!),
      ref,
    )
    fresh[best] = 1
  }
  return chosen
}

/** Optuna's weights of the good set in MOTPE: each point's exclusive hypervolume (plus EPS) over the largest one. */
export function contributionWeights(points: readonly (readonly number[])[]): Float64Array {
  const n = points.length
  const w = new Float64Array(n).fill(1)
  if (n <= 1 || points.some((p) => p.length === 0)) return w
  const ref = referenceOf(points)
  let max = 0
  for (let i = 0; i < n; i++) {
    const others = points.filter((_, j) => j !== i)
    w[i] = contribution(points[i]!, others, ref) + EPS
    max = Math.max(max, w[i]!)
  }
  for (let i = 0; i < n; i++) w[i] = Math.min(1, Math.max(0, w[i]! / max))
  return w
}
