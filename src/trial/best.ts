import type { Params } from '../space/types.js'
import type { Direction, TrialRecord } from './types.js'

export interface BestTrial {
  readonly number: number
  readonly params: Params
  readonly value: number
}

/** Whether `a` is better than `b` in this direction. */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === 'minimize' ? a < b : a > b
}

/** The best complete trial (ties: the earliest). */
export function bestTrial(trials: readonly TrialRecord[], direction: Direction): BestTrial | undefined {
  let best: TrialRecord | undefined
  for (const t of trials) {
    if (t.state !== 'complete' || t.value === null) continue
    if (!best || isBetter(t.value, best.value!, direction)) best = t
  }
  return best ? { number: best.number, params: best.params, value: best.value! } : undefined
}
