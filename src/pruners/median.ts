import type { Direction, TrialRecord } from '../trial/types.js'
import { isBetter } from '../trial/best.js'
import { bestIntermediate, furthestStep, othersThan, secondFurthestStep, valueAt } from './intermediate.js'
import { integerOption } from './options.js'
import type { Pruner, PrunerFactory } from './types.js'

export interface MedianOptions {
  /** Finished (complete or pruned) trials needed before anything is pruned. */
  readonly startupTrials: number
  /** No pruning at steps below this one. */
  readonly warmupSteps: number
  /** Decide only at warmupSteps, warmupSteps + intervalSteps, ... (or the first report past each). */
  readonly intervalSteps: number
  /** Other trials that reported the same step needed to compare with. */
  readonly minTrials: number
}

export const MEDIAN_DEFAULTS: MedianOptions = { startupTrials: 5, warmupSteps: 0, intervalSteps: 1, minTrials: 1 }

/**
 * Optuna's MedianPruner: stops a trial whose best value so far is worse than the median of the other
 * finished trials' values at its current step. Unlike Optuna, pruned trials count as well as complete ones,
 * both for `startupTrials` and for the median: comparing only with survivors (trials that were never
 * pruned) makes the early-step median ever stricter as the study goes on, while a pruned trial's reports
 * are as real as anyone's at the steps it reached. Running and failed trials do not count: a running
 * trial's curve is still moving, so counting it would tie the decision to the timing of other workers.
 */
export class MedianPruner implements Pruner {
  readonly name = 'median'
  constructor(readonly options: MedianOptions = MEDIAN_DEFAULTS) {}

  shouldPrune(trial: TrialRecord, history: readonly TrialRecord[], direction: Direction): boolean {
    const { startupTrials, warmupSteps, intervalSteps, minTrials } = this.options
    const step = furthestStep(trial)
    if (step === undefined || step < warmupSteps) return false
    if (!isFirstInInterval(trial, step, warmupSteps, intervalSteps)) return false
    const finished = othersThan(trial.number, history).filter((t) => t.state === 'complete' || t.state === 'pruned')
    if (finished.length === 0 || finished.length < startupTrials) return false
    const best = bestIntermediate(trial, direction)
    // Every report so far was NaN: the run diverged, as Optuna judges it.
    if (Number.isNaN(best)) return true
    const atStep = finished.map((t) => valueAt(t, step)).filter((v): v is number => v !== undefined && !Number.isNaN(v))
    if (atStep.length === 0 || atStep.length < minTrials) return false
    // Strictly worse: a tie with the median keeps the trial.
    return isBetter(medianOf(atStep), best, direction)
  }
}

/**
 * Whether this report is the first at or past its pruning step (warmup + k·interval), as in Optuna: a trial
 * that skips the exact step is still judged once per interval, at its first report after it.
 */
function isFirstInInterval(trial: TrialRecord, step: number, warmup: number, interval: number): boolean {
  const pruningStep = Math.floor((step - warmup) / interval) * interval + warmup
  return secondFurthestStep(trial) < pruningStep
}

/** The median, averaging the two middle values of an even count (numpy's 50th percentile). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const median: PrunerFactory<Partial<MedianOptions>> = {
  description: "stops a trial whose best value so far is worse than the median of finished trials' values at the same step",
  optionsSchema: {
    type: 'object',
    properties: {
      startupTrials: integerOption(0, MEDIAN_DEFAULTS.startupTrials, 'finished (complete or pruned) trials needed before anything is pruned'),
      warmupSteps: integerOption(0, MEDIAN_DEFAULTS.warmupSteps, 'no pruning at steps below this one'),
      intervalSteps: integerOption(1, MEDIAN_DEFAULTS.intervalSteps, 'steps between two decisions, counted from warmupSteps'),
      minTrials: integerOption(1, MEDIAN_DEFAULTS.minTrials, 'finished trials that reported the same step needed to compare with'),
    },
    additionalProperties: false,
  },
  create: (options) => new MedianPruner({ ...MEDIAN_DEFAULTS, ...options }),
}
