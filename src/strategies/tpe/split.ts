import type { Direction, TrialRecord } from '../../trial/types.js'
import type { SpaceCodec } from './encode.js'

/** Rank tiers: complete trials beat pruned ones, which beat pending (running) ones whatever the values. */
export const TIER_COMPLETE = 0
export const TIER_PRUNED = 1
export const TIER_PENDING = 2

/**
 * The trials TPE learns from, in trial order, with what ranks them.
 * - failed trials are left out: they have no value to rank, and a crash or a timeout is often incidental
 *   to where the point lies, so counting them as bad would steer the search for the wrong reason;
 * - complete trials rank by value;
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
}

export function collectObservations(trials: readonly TrialRecord[], direction: Direction, codec: SpaceCodec, constantLiar: boolean): Observations {
  const sign = direction === 'maximize' ? -1 : 1
  const obs: Observations = { vectors: [], numbers: [], tiers: [], scores: [], finished: 0 }
  let finished = 0
  for (const t of trials) {
    let tier: number
    let score: number
    switch (t.state) {
      case 'complete':
        if (t.value === null || !Number.isFinite(t.value)) continue
        tier = TIER_COMPLETE
        score = sign * t.value
        break
      case 'pruned': {
        const last = t.intermediate.length > 0 ? t.intermediate[t.intermediate.length - 1]!.value : t.value
        tier = TIER_PRUNED
        score = last === null || !Number.isFinite(last) ? Infinity : sign * last
        break
      }
      case 'running':
      case 'waiting':
        if (!constantLiar) continue
        tier = TIER_PENDING
        score = Infinity
        break
      case 'fail':
        continue
    }
    if (tier !== TIER_PENDING) finished++
    obs.vectors.push(codec.encode(t.params))
    obs.numbers.push(t.number)
    obs.tiers.push(tier)
    obs.scores.push(score)
  }
  return { ...obs, finished }
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
