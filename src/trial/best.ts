import type { Params } from '../space/types.js'
import { isFeasible, orientedValues } from './objectives.js'
import { dominates } from './pareto.js'
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

/** The best complete trial that satisfies its constraints (ties: the earliest). */
export function bestTrial(trials: readonly TrialRecord[], direction: Direction): BestTrial | undefined {
  let best: TrialRecord | undefined
  for (const t of trials) {
    if (t.state !== 'complete' || t.value === null || (t.constraints && !isFeasible(t))) continue
    if (!best || isBetter(t.value, best.value!, direction)) best = t
  }
  return best ? { number: best.number, params: best.params, value: best.value! } : undefined
}

/**
 * The feasible Pareto front: the complete trials that satisfy their constraints and that no other such trial
 * dominates, ordered by number (trials with equal values are all kept, as Optuna's best_trials does).
 */
export function paretoTrials(trials: readonly TrialRecord[], directions: readonly Direction[]): TrialRecord[] {
  const pool: { t: TrialRecord; v: number[] }[] = []
  for (const t of trials) {
    if (t.state !== 'complete' || !isFeasible(t)) continue
    const v = orientedValues(t, directions)
    if (v) pool.push({ t, v })
  }
  // Sorted by the first objective, a point can only be dominated by one before it (or one equal on it).
  const order = [...pool].sort((a, b) => a.v[0]! - b.v[0]! || a.t.number - b.t.number)
  const front: { t: TrialRecord; v: number[] }[] = []
  for (const p of order) if (!front.some((q) => dominates(q.v, p.v))) front.push(p)
  // A later point equal on the first objective may dominate an earlier one.
  return front
    .filter((p) => !front.some((q) => q !== p && dominates(q.v, p.v)))
    .map((p) => p.t)
    .sort((a, b) => a.number - b.number)
}
