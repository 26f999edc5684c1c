import type { Issue } from '../errors.js'
import type { Params, ParamValue } from '../space/types.js'
import type { Metrics } from '../trial/types.js'

export type { Metrics }

/** A hyperparameter a trainer understands, with the value it takes when the space leaves it out. */
export interface TrainerParam {
  readonly default: ParamValue
  readonly description: string
}

/** What a trainer is told about the run it is part of. */
export interface TrainContext {
  readonly trial: number
  /** The per-trial seed (derived from the study seed and the trial number). */
  readonly seed: number
  readonly experiment: string
  /**
   * Called after each epoch (or every few iterations) with the metrics so far.
   * Returns true when the trial should stop now (pruned): the trainer then throws TrialPrunedError (or returns).
   */
  report(step: number, metrics: Metrics): boolean
  /**
   * Set only by `tunekit lr-find`, for trainers that declare `lrRange: true`: train for `steps` optimiser steps
   * (ignoring the epoch count), using `rate(step)` as the learning rate of step `step` (0-based), and call
   * `report(step, { train_loss })` with each batch's loss before its step; stop when it returns true.
   */
  readonly lrRange?: LrRangeSchedule
}

/** The learning-rate schedule of a range test: an exponential sweep from a tiny rate to a huge one. */
export interface LrRangeSchedule {
  readonly steps: number
  rate(step: number): number
}

/** A built-in trainer: real training, deterministic for a given seed, run on a worker thread. */
export interface Trainer {
  readonly name: string
  readonly description: string
  /** Every parameter it understands: a space naming any other is rejected before a run. */
  readonly parameters: Readonly<Record<string, TrainerParam>>
  /** JSON Schema of `trainer.options` in an experiment file. */
  readonly optionsSchema: object
  /**
   * The metrics it reports (for checking an experiment's objective metric before a run). A name ending in `*` is a
   * family (`grad_norm_*`: one metric per layer).
   */
  readonly metrics: readonly string[]
  /**
   * Called when an experiment is loaded, after `optionsSchema` passed: resolves paths in the options relative to the
   * experiment file's folder and checks what a schema cannot (that a dataset file exists and parses), so that bad
   * options are refused before anything runs. Issue paths are relative to the options object.
   */
  prepareOptions?(
    options: Readonly<Record<string, unknown>>,
    baseDir: string,
  ): { readonly options: Readonly<Record<string, unknown>>; readonly issues: readonly Issue[] }
  /** True when `train` honours `ctx.lrRange` (the learning-rate range test of `tunekit lr-find`). */
  readonly lrRange?: boolean
  /** Trains with every parameter filled in (defaults merged); returns the final metrics. Throws TrialFailure to fail. */
  train(params: Params, options: Readonly<Record<string, unknown>>, ctx: TrainContext): Metrics | Promise<Metrics>
}

/** Whether a trainer declares `metric` (by name, or through a family such as `grad_norm_*`). */
export function declaresMetric(trainer: Pick<Trainer, 'metrics'>, metric: string): boolean {
  return trainer.metrics.some((m) => (m.endsWith('*') ? metric.startsWith(m.slice(0, -1)) : m === metric))
}
