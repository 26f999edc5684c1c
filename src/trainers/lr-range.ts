import { TrialFailure, TrialPrunedError, ValidationError } from '../errors.js'
import type { Params } from '../space/types.js'
import type { LrRangeSchedule, Trainer } from './types.js'

/** One point of a learning-rate range test: the rate of a step and the (smoothed) training loss it led to. */
export interface LrPoint {
  readonly learning_rate: number
  readonly loss: number
}

export interface LrRangeOptions {
  /** The first and last rate of the exponential sweep. */
  readonly min: number
  readonly max: number
  /** Optimiser steps (mini-batches) in the sweep. */
  readonly steps: number
}

export interface LrRangeResult {
  /** Where the smoothed loss falls fastest (per unit of log rate): a good rate to train at. */
  readonly suggested: number
  /** The first rate at which the smoothed loss exceeded 4× its best: training diverges from about here (null: never). */
  readonly diverges: number | null
  /** The smoothed loss per rate, up to the divergence. */
  readonly curve: readonly LrPoint[]
}

export const DEFAULT_LR_RANGE: LrRangeOptions = { min: 1e-6, max: 10, steps: 100 }

/** Smoothing of the loss (an exponential moving average with bias correction, as in Smith 2017 and fastai). */
const BETA = 0.9
/** The sweep stops once the smoothed loss exceeds this multiple of its best. */
const DIVERGE_FACTOR = 4

/** The rate of each step: `min` at step 0 to `max` at the last, evenly spaced in log. */
export function rangeSchedule(o: LrRangeOptions): LrRangeSchedule {
  const ratio = Math.log(o.max / o.min) / Math.max(1, o.steps - 1)
  return { steps: o.steps, rate: (step) => o.min * Math.exp(ratio * step) }
}

/**
 * Runs the learning-rate range test of Smith (2017) on a trainer that supports it (`lrRange: true`): one short run
 * whose rate grows exponentially each step, stopped when the loss blows up. `params` must hold every other
 * hyperparameter (the trainer's defaults fill the rest).
 */
export async function lrRangeTest(
  trainer: Trainer,
  params: Params,
  options: Readonly<Record<string, unknown>>,
  o: LrRangeOptions = DEFAULT_LR_RANGE,
): Promise<LrRangeResult> {
  if (!trainer.lrRange) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `the ${trainer.name} trainer does not support the learning-rate range test (a trainer opts in with "lrRange: true" and uses ctx.lrRange)`,
    )
  }
  if (!Object.hasOwn(trainer.parameters, 'learning_rate'))
    throw new ValidationError('INVALID_ARGUMENT', `the ${trainer.name} trainer has no learning_rate parameter`)
  const schedule = rangeSchedule(o)
  const losses: { step: number; loss: number }[] = []
  let best = Number.POSITIVE_INFINITY
  let avg = 0
  const report = (step: number, metrics: Readonly<Record<string, number>>): boolean => {
    const loss = metrics.train_loss ?? metrics.loss
    if (loss === undefined || !Number.isFinite(loss)) return true
    losses.push({ step, loss })
    avg = BETA * avg + (1 - BETA) * loss
    const smooth = avg / (1 - BETA ** losses.length)
    best = Math.min(best, smooth)
    return losses.length > 5 && smooth > DIVERGE_FACTOR * best
  }
  try {
    await trainer.train({ ...params, learning_rate: schedule.rate(0) }, options, { trial: 0, seed: 0, experiment: 'lr-find', report, lrRange: schedule })
  } catch (e) {
    // A run that blows up ends the sweep: that is what the test looks for.
    if (!(e instanceof TrialFailure || e instanceof TrialPrunedError)) throw e
  }
  // The loss of step s+1 is the first to see the update made at the rate of step s.
  const points = losses.slice(1).map((p) => ({ learning_rate: schedule.rate(p.step - 1), loss: p.loss }))
  return analyseRange(points)
}

/** Smooths a raw range-test curve and reads off the suggested and diverging rates. */
export function analyseRange(raw: readonly LrPoint[]): LrRangeResult {
  if (raw.length < 5) throw new ValidationError('INVALID_ARGUMENT', `the range test produced ${raw.length} points; use more --steps or a smaller --min`)
  const curve: LrPoint[] = []
  let avg = 0
  let best = Number.POSITIVE_INFINITY
  let diverges: number | null = null
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i]!
    avg = BETA * avg + (1 - BETA) * p.loss
    const loss = avg / (1 - BETA ** (i + 1))
    if (i > 5 && loss > DIVERGE_FACTOR * best) {
      diverges = p.learning_rate
      break
    }
    best = Math.min(best, loss)
    curve.push({ learning_rate: p.learning_rate, loss })
  }
  return { suggested: steepest(curve), diverges, curve }
}

/** The rate where the smoothed loss falls fastest against log(rate), before its minimum. */
function steepest(curve: readonly LrPoint[]): number {
  let minAt = 0
  for (let i = 1; i < curve.length; i++) if (curve[i]!.loss < curve[minAt]!.loss) minAt = i
  const w = Math.max(1, Math.round(curve.length / 20))
  let best = minAt
  let bestSlope = 0
  for (let i = w; i + w <= minAt; i++) {
    const a = curve[i - w]!
    const b = curve[i + w]!
    const slope = (b.loss - a.loss) / (Math.log(b.learning_rate) - Math.log(a.learning_rate))
    if (slope < bestSlope) {
      bestSlope = slope
      best = i
    }
  }
  return curve[best]!.learning_rate
}
