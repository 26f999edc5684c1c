import type { Params, SearchSpaceInput } from '../space/types.js'
import type { TrialState } from './state.js'

export type Direction = 'minimize' | 'maximize'

/** Numbers a trial reports by name (an epoch's val_loss, its accuracy, ...). */
export type Metrics = Record<string, number>

export interface IntermediateValue {
  readonly step: number
  readonly value: number
}

/** Why a trial failed, with the tail of what it printed. */
export interface TrialError {
  /** A short reason: "diverged", "timeout", "interrupted", "exit code 3", "no objective reported", ... */
  readonly reason: string
  readonly message?: string
  readonly stdoutTail?: readonly string[]
  readonly stderrTail?: readonly string[]
}

/** One trial as storage keeps it. Finished trials never change. */
export interface TrialRecord {
  readonly number: number
  readonly state: TrialState
  /** Active parameters only. */
  readonly params: Params
  /**
   * The objective value: set for complete trials (and for pruned ones, their last intermediate value). On a
   * multi-objective study, the first objective's value (so that one-objective views still read a number); `values`
   * holds them all.
   */
  readonly value: number | null
  /** Every objective's value, in the study's order: set for complete trials of multi-objective studies only. */
  readonly values?: readonly number[]
  /** The constraint values told with the result (feasible when each is <= 0); absent when none were told. */
  readonly constraints?: readonly number[]
  /** Every metric the last reports carried (objective included). */
  readonly metrics: Readonly<Record<string, number>>
  readonly intermediate: readonly IntermediateValue[]
  readonly startedAt: string | null
  readonly finishedAt: string | null
  readonly durationMs: number | null
  /** The per-trial seed, derived from the study seed and the trial number. */
  readonly seed: number
  /** The strategy that proposed the parameters. */
  readonly strategy: string
  readonly error: TrialError | null
  /** Set when the store must keep it unique among the study's trials (a grid cell). */
  readonly uniqueKey?: string
  /** The trial this one retries. */
  readonly retryOf?: number
  /** Who runs it (process id and host), and when it last said it was alive; set while running. */
  readonly worker?: string
  readonly heartbeatAt?: string
}

export interface StrategyConfig {
  readonly name: string
  readonly seed?: number
  readonly [option: string]: unknown
}

/** A study as storage keeps it: what was asked, not the trials. */
export interface StudyRecord {
  readonly name: string
  /** The (first) objective's direction. */
  readonly direction: Direction
  /** The (first) objective metric's name. */
  readonly metric: string
  /** Every objective's direction, in order: set only for multi-objective studies (two or more). */
  readonly directions?: readonly Direction[]
  /** Every objective metric's name, in the order of `directions` (multi-objective studies only). */
  readonly metrics?: readonly string[]
  readonly strategy: StrategyConfig
  readonly space: SearchSpaceInput
  /** The seed everything in the study derives from (given, or drawn once and stored). */
  readonly seed: number
  readonly createdAt: string
  /** Free-form settings stored with the study (trainer, budget, pruner) for reports and resumes. */
  readonly settings?: Readonly<Record<string, unknown>>
}

/**
 * How many intermediate values a trial stores: its first MAX_STORED_STEPS - 1 steps and its latest. A report past
 * the cap still reaches the pruner (in the place of the last stored step) and the trial's final metrics, but the
 * store keeps only the first MAX_STORED_STEPS steps: memory and the store's work per report stay bounded however long
 * a trainer reports (an 80,000-step run stores 10,000 values).
 */
export const MAX_STORED_STEPS = 10_000
