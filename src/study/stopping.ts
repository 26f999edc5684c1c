import { isBetter } from '../trial/best.js'
import type { Direction, StudyRecord, TrialRecord } from '../trial/types.js'

/** Rules that end a study before its budget: a good-enough value, or no progress for a while. */
export interface EarlyStop {
  /** Stop once a complete trial's value is at least this good (<= for minimize, >= for maximize). */
  readonly target?: number
  /** Stop when the best value has not improved by more than `minDelta` over the last `trials` finished trials. */
  readonly patience?: { readonly trials: number; readonly minDelta?: number }
}

export type EarlyStopReason = 'target' | 'patience'

/**
 * budget.patience.trials when an experiment gives `"patience": {}`. Chosen with `npm run bench -- patience` on tpe's
 * runs of the suite, seeds 1000-1019: 20 saves 36.6% of the trials at a median per-run regret ratio of 1.06 against the
 * full budget (18: 42.6% at 1.28; 22: 30.5% at 1.00). On seeds 0-9: 39.2% saved at 1.11.
 */
export const DEFAULT_PATIENCE_TRIALS = 20

/**
 * Why the history (trials in any order; finished ones count in number order) says to stop, or undefined. Patience
 * counts finished trials (complete, pruned, failed: each spent budget) since the last trial that improved the best
 * complete value by more than minDelta; a study with no complete trial yet is never stopped by patience.
 */
export function earlyStop(trials: readonly TrialRecord[], direction: Direction, rules: EarlyStop): { reason: EarlyStopReason; message: string } | undefined {
  const finished = trials.filter((t) => t.state === 'complete' || t.state === 'pruned' || t.state === 'fail').sort((a, b) => a.number - b.number)
  let best: number | undefined
  // What an improvement is measured against: the best value when the count last started over (as Keras's
  // EarlyStopping does), so that many improvements each below minDelta still add up to one.
  let anchor: number | undefined
  let since = 0
  let bestTrial = -1
  for (const t of finished) {
    since++
    if (t.state !== 'complete' || t.value === null || !Number.isFinite(t.value)) continue
    const delta = rules.patience?.minDelta ?? 0
    if (anchor === undefined || improves(t.value, anchor, delta, direction)) {
      anchor = t.value
      bestTrial = t.number
      since = 0
    }
    if (best === undefined || isBetter(t.value, best, direction)) best = t.value
    if (rules.target !== undefined && !isBetter(rules.target, t.value, direction)) {
      return { reason: 'target', message: `trial ${t.number} reached the target (${t.value} against budget.target ${rules.target})` }
    }
  }
  const p = rules.patience
  if (p && best !== undefined && since >= p.trials) {
    const by = p.minDelta ? ` by more than ${p.minDelta}` : ''
    return {
      reason: 'patience',
      message: `the best value has not improved${by} in ${since} finished trials (since trial ${bestTrial}; budget.patience.trials ${p.trials})`,
    }
  }
  return undefined
}

/**
 * Why a stored study stopped early, recomputed from its history and the rules stored in its settings (settings.budget,
 * as a sweep stores them): the rules are a pure function of the history, so the reason needs no field of its own.
 */
export function storedEarlyStop(study: StudyRecord, trials: readonly TrialRecord[]): { reason: EarlyStopReason; message: string } | undefined {
  const budget = study.settings?.budget as EarlyStop | undefined
  if (!budget || (budget.target === undefined && !budget.patience)) return undefined
  return earlyStop(trials, study.direction, {
    ...(budget.target !== undefined ? { target: budget.target } : {}),
    ...(budget.patience ? { patience: budget.patience } : {}),
  })
}

function improves(value: number, best: number, minDelta: number, direction: Direction): boolean {
  return direction === 'minimize' ? value < best - minDelta : value > best + minDelta
}
