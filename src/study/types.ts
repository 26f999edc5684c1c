import type { PrunerConfig } from '../pruners/types.js'
import type { Params, SearchSpace, SearchSpaceInput } from '../space/types.js'
import type { StaleOptions, Storage } from '../storage/types.js'
import type { TrialOutcome } from '../trial/outcome.js'
import type { Direction, Metrics, StrategyConfig, TrialError } from '../trial/types.js'

export interface StudyOptions {
  /** The study's name in its store (default "default"). */
  readonly name?: string
  /** A space object in the file format, a path to a space file, or a space parseSpace already returned. */
  readonly space: SearchSpaceInput | SearchSpace | string
  /** One direction, or one per objective for a multi-objective study: `['minimize', 'maximize']` (default "minimize"). */
  readonly direction?: Direction | readonly Direction[]
  /** The objective metric's name, for reports (default "value"); a list names each objective (default value0, value1, ...). */
  readonly metric?: string | readonly string[]
  readonly strategy?: StrategyConfig
  /** When to stop bad trials early, e.g. { name: 'median', startupTrials: 5 } (default none). */
  readonly pruner?: PrunerConfig
  /** ":memory:" (default), a path to a lowdb JSON file, a PostgreSQL URL, or an open Storage. */
  readonly storage?: string | Storage
  /** Stored with the study for reports and resumes. */
  readonly settings?: Readonly<Record<string, unknown>>
  /** When a running trial counts as lost (stores with heartbeats) and whether it is retried. */
  readonly stale?: StaleOptions
}

export interface LoadOptions {
  /** The study to open; by default the store's only study. */
  readonly name?: string
  readonly storage: string | Storage
  /** Overrides the stored strategy. */
  readonly strategy?: StrategyConfig
  /** Overrides the stored pruner. */
  readonly pruner?: PrunerConfig
}

/** A trial handed out by ask(). */
export interface Trial {
  readonly number: number
  /** Active parameters only. */
  readonly params: Params
  /** The per-trial seed (derived from the study seed and the number). */
  readonly seed: number
  /** Records an intermediate value (an epoch's validation loss, say). */
  report(step: number, value: number, metrics?: Readonly<Metrics>): Promise<void>
  /** Whether the study's pruner would stop this trial now, given its reports so far (always false without a pruner). */
  shouldPrune(): boolean
}

/**
 * What tell() accepts: the objective value (a list of them on a multi-objective study), the values with constraint
 * values (`{ values: [v1, v2], constraints: [c1] }`, or `{ value, constraints }` on a single-objective study; feasible
 * when each constraint is <= 0), or an outcome (the one shape executors produce). A failure may give its reason as a
 * plain string: `{ state: 'fail', error: 'diverged' }`.
 */
export type TellResult =
  | number
  | readonly number[]
  | ObjectiveResult
  | TrialOutcome
  | { readonly state: 'fail'; readonly error?: string | TrialError; readonly metrics?: Readonly<Metrics> }

/** Objective values told with constraint values: `values` on a multi-objective study, `value` on a single one. */
export type ObjectiveResult =
  | { readonly values: readonly number[]; readonly constraints?: readonly number[]; readonly metrics?: Readonly<Metrics> }
  | { readonly value: number; readonly constraints?: readonly number[]; readonly metrics?: Readonly<Metrics> }

export interface OptimizeOptions {
  /** How many trials this call runs (Optuna's n_trials). */
  readonly trials: number
  /** How many objective calls run at once (default 1). */
  readonly parallel?: number
  /** Stops launching trials after this many seconds. */
  readonly timeoutSeconds?: number
  /** Keep going when the objective throws (the trial fails either way); default false: rethrow, like Optuna. */
  readonly catch?: boolean
}

/** An objective: the value (a list of values on a multi-objective study), or values with constraints. */
export type Objective = (params: Params, trial: Trial) => ObjectiveReturn | Promise<ObjectiveReturn>
export type ObjectiveReturn = number | readonly number[] | ObjectiveResult
