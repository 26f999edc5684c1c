import { violation } from '../../trial/pareto.js'
import type { Direction, TrialRecord } from '../../trial/types.js'
import type { SpaceCodec } from './encode.js'

/** Rank tiers: complete trials beat pruned ones, which beat pending (running) ones whatever the values. */
export const TIER_COMPLETE = 0
/** A complete trial that breaks a constraint it was told: after every feasible one, ranked by its total violation. */
export const TIER_INFEASIBLE = 0.5
export const TIER_PRUNED = 1
export const TIER_PENDING = 2

/**
 * The trials TPE learns from, in trial order, with what ranks them.
 * - failed trials are left out: they have no value to rank, and a crash or a timeout is often incidental
 *   to where the point lies, so counting them as bad would steer the search for the wrong reason;
 * - complete trials rank by value, those that break a constraint after all the others (by total violation);
 * - pruned trials rank by their last intermediate value (else their stored value), all below complete ones,
 *   since a stopped run's loss is not comparable with a finished one's;
 * - with constant liar, running/waiting trials are pending: ranked last, so they land in the bad set g(x)
 *   and push new candidates away from what is already being tried.
 */
export interface Observations {
  readonly vectors: Float64Array[]
  readonly numbers: number[]
  readonly tiers: number[]
  /** Values to minimise (negated for maximize); +Infinity when unknown. */
  readonly scores: number[]
  /** How many are finished (complete or pruned), as opposed to pending. */
  readonly finished: number
  /** The weights of l(x)'s observations `good` (rows), when not by age: MOTPE's hypervolume contributions (multi.ts). */
  readonly goodWeights?: (good: readonly number[]) => Float64Array
}

/** One trial as TPE sees it, or null when it is left out. */
interface Entry {
  readonly vector: Float64Array
  readonly tier: number
  readonly score: number
}

/**
 * The entries of the trials a strategy saw last, by position, so that the next ask redoes only the positions whose
 * record changed (records are replaced, never mutated, so an identical object means an identical entry): a
 * 50,000-trial history costs one identity check per trial instead of a lookup and an encoding.
 */
export interface HistoryMemo {
  records: (TrialRecord | undefined)[]
  entries: (Entry | null)[]
}

function observe(t: TrialRecord, sign: number, codec: SpaceCodec, constantLiar: boolean): Entry | null {
  let tier: number
  let score: number
  switch (t.state) {
    case 'complete':
      if (t.value === null || !Number.isFinite(t.value)) return null
      tier = TIER_COMPLETE
      score = sign * t.value
      // Constraints (feasible when each is <= 0): feasible trials first, as MOTPE does; trials told none are feasible.
      if (t.constraints && violation(t.constraints) > 0) {
        tier = TIER_INFEASIBLE
        score = violation(t.constraints)
      }
      break
    case 'pruned': {
      const last = t.intermediate.length > 0 ? t.intermediate[t.intermediate.length - 1]!.value : t.value
      tier = TIER_PRUNED
      score = last === null || !Number.isFinite(last) ? Infinity : sign * last
      break
    }
    case 'running':
    case 'waiting':
      if (!constantLiar) return null
      tier = TIER_PENDING
      score = Infinity
      break
    case 'fail':
      return null
  }
  return { vector: codec.encode(t.params), tier, score }
}

export function collectObservations(
  trials: readonly TrialRecord[],
  direction: Direction,
  codec: SpaceCodec,
  constantLiar: boolean,
  memo: HistoryMemo = { records: [], entries: [] },
): Observations {
  const sign = direction === 'maximize' ? -1 : 1
  const vectors: Float64Array[] = []
  const numbers: number[] = []
  const tiers: number[] = []
  const scores: number[] = []
  let finished = 0
  memo.records.length = trials.length
  memo.entries.length = trials.length
  for (let i = 0; i < trials.length; i++) {
    const t = trials[i]!
    let e: Entry | null | undefined
    if (memo.records[i] === t) e = memo.entries[i]
    else {
      e = observe(t, sign, codec, constantLiar)
      memo.records[i] = t
      memo.entries[i] = e
    }
    if (!e) continue
    if (e.tier !== TIER_PENDING) finished++
    vectors.push(e.vector)
    numbers.push(t.number)
    tiers.push(e.tier)
    scores.push(e.score)
  }
  return { vectors, numbers, tiers, scores, finished }
}

function better(o: Observations, a: number, b: number): boolean {
  const ta = o.tiers[a]!
  const tb = o.tiers[b]!
  if (ta !== tb) return ta < tb
  const sa = o.scores[a]!
  const sb = o.scores[b]!
  if (sa !== sb) return sa < sb
  return o.numbers[a]! < o.numbers[b]!
}

/**
 * Splits `rows` (indices into `o`) into the `nGood` best and the rest. Only the membership matters to
 * the estimators, so this selects the top k by insertion (O(n·k), k ≤ maxGood) instead of sorting.
 * Both returned lists keep trial order, which the age weights rely on.
 */
export function splitGoodBad(o: Observations, rows: readonly number[], nGood: number): { good: number[]; bad: number[] } {
  const top: number[] = []
  for (const r of rows) {
    if (top.length === nGood && !better(o, r, top[top.length - 1]!)) continue
    let i = top.length === nGood ? top.length - 1 : top.length
    if (top.length < nGood) top.push(r)
    while (i > 0 && better(o, r, top[i - 1]!)) {
      top[i] = top[i - 1]!
      i--
    }
    top[i] = r
  }
  const inTop = new Set(top)
  const good: number[] = []
  const bad: number[] = []
  for (const r of rows) (inTop.has(r) ? good : bad).push(r)
  return { good, bad }
}
