import { isFinished } from '../trial/state.js'
import type { Direction, TrialRecord } from '../trial/types.js'
import { isBetter } from '../trial/best.js'

/**
 * Curves and figures of one study's history, for the report and for comparisons.
 * The budget axis counts finished trials in number order: each finished trial (complete, pruned or failed)
 * spent one unit of budget; running and waiting ones have not yet.
 */

/** Finished trials in number order. */
export function finishedTrials(trials: readonly TrialRecord[]): TrialRecord[] {
  return trials.filter((t) => isFinished(t.state)).sort((a, b) => a.number - b.number)
}

/** The objective of a trial when it counts toward the best: complete, with a finite value. */
export function completeValue(t: TrialRecord): number | null {
  return t.state === 'complete' && t.value !== null && Number.isFinite(t.value) ? t.value : null
}

/**
 * The best value after each finished trial (index i = after i + 1 trials); null until the first complete trial.
 */
export function bestSoFar(trials: readonly TrialRecord[], direction: Direction): (number | null)[] {
  let best: number | null = null
  return finishedTrials(trials).map((t) => {
    const v = completeValue(t)
    if (v !== null && (best === null || isBetter(v, best, direction))) best = v
    return best
  })
}

/**
 * How many finished trials it took until the best-so-far came within `tolerance` (relative, default 1 %) of `target`.
 * The tolerance is relative to |target|; when the target is 0 it is relative to the spread of the curve instead,
 * since 1 % of zero would demand an exact hit. Returns null when the curve never gets there.
 */
export function trialsUntilWithin(curve: readonly (number | null)[], target: number, direction: Direction, tolerance = 0.01): number | null {
  const defined = curve.filter((v): v is number => v !== null)
  if (defined.length === 0) return null
  const scale = target !== 0 ? Math.abs(target) : Math.max(...defined) - Math.min(...defined)
  const slack = tolerance * scale
  for (const [i, v] of curve.entries()) {
    if (v === null) continue
    const gap = direction === 'minimize' ? v - target : target - v
    if (gap <= slack) return i + 1
  }
  return null
}

/**
 * The area under the best-so-far curve over the first `horizon` trials, normalised to [0, 1]:
 * the mean over i = 1..horizon of (best_i - best) / (worst - best) (sign-adjusted for maximisation),
 * where best and worst bound all the compared runs. 0: the best value at once; 1: never better than the worst.
 * Trials before the first complete one count as the worst. Null when the horizon is 0.
 */
export function normalisedArea(curve: readonly (number | null)[], horizon: number, bounds: { best: number; worst: number }): number | null {
  if (horizon <= 0) return null
  const span = Math.abs(bounds.worst - bounds.best)
  if (span === 0) return 0
  let total = 0
  for (let i = 0; i < horizon; i++) {
    // A run shorter than the horizon keeps its last best (it did not get worse by stopping).
    const v = curve[Math.min(i, curve.length - 1)] ?? null
    total += v === null ? 1 : Math.min(1, Math.max(0, Math.abs(v - bounds.best) / span))
  }
  return total / horizon
}

/** From the earliest start to the latest finish, in ms; null when no trial has both. */
export function wallTimeMs(trials: readonly TrialRecord[]): number | null {
  let first = Infinity
  let last = -Infinity
  for (const t of trials) {
    const s = t.startedAt === null ? NaN : Date.parse(t.startedAt)
    const f = t.finishedAt === null ? NaN : Date.parse(t.finishedAt)
    if (Number.isFinite(s)) first = Math.min(first, s)
    if (Number.isFinite(f)) last = Math.max(last, f)
  }
  return Number.isFinite(first) && Number.isFinite(last) && last >= first ? last - first : null
}

/** The summed run time of the trials (what the sweep cost, whatever the parallelism), in ms. */
export function totalDurationMs(trials: readonly TrialRecord[]): number {
  let total = 0
  for (const t of trials) if (t.durationMs !== null && Number.isFinite(t.durationMs)) total += t.durationMs
  return total
}
