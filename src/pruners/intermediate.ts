import type { Direction, IntermediateValue, TrialRecord } from '../trial/types.js'
import { isBetter } from '../trial/best.js'

/** The report a trial made last (storage appends each report, a re-reported step moving to the end). */
export function lastIntermediate(trial: TrialRecord): IntermediateValue | undefined {
  return trial.intermediate.at(-1)
}

/** The furthest step a trial reported, or undefined before its first report. */
export function furthestStep(trial: TrialRecord): number | undefined {
  let max: number | undefined
  for (const r of trial.intermediate) if (max === undefined || r.step > max) max = r.step
  return max
}

/** The value a trial reported at exactly `step` (storage keeps one report per step). */
export function valueAt(trial: TrialRecord, step: number): number | undefined {
  for (const r of trial.intermediate) if (r.step === step) return r.value
  return undefined
}

/** The best value a trial reported so far, NaN ignored; NaN when it reported only NaN (or nothing). */
export function bestIntermediate(trial: TrialRecord, direction: Direction): number {
  let best = Number.NaN
  for (const { value } of trial.intermediate) {
    if (Number.isNaN(value)) continue
    if (Number.isNaN(best) || isBetter(value, best, direction)) best = value
  }
  return best
}

/** Every trial but `number`: the history may hold the trial being judged, which must not compete with itself. */
export function othersThan(number: number, history: readonly TrialRecord[]): TrialRecord[] {
  return history.filter((t) => t.number !== number)
}
