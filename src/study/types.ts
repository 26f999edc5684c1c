import type { BuiltinPrunerConfig, PrunerConfig } from '../pruners/index.js'
import type { BuiltinStrategyConfig } from '../strategies/index.js'
import type { CheckConfig } from '../util/config-types.js'
import type { Params, SearchSpace, SearchSpaceInput } from '../space/types.js'
import type { StaleOptions, Storage } from '../storage/types.js'
import type { TrialOutcome } from '../trial/outcome.js'
import type { Direction, Metrics, StrategyConfig, TrialError, TrialRecord } from '../trial/types.js'
import type { EarlyStop } from './stopping.js'
import type { WarmStartSource } from './warm-start.js'

/** What createStudy accepts as a space. */
export type SpaceOption = SearchSpaceInput | SearchSpace | string

/**
 * createStudy's options. Its type parameters are inferred from a call: `S` types the trials' params (from a space
 * literal), `St` and `Pr` check a literal strategy or pruner config against the built-ins' (see CheckConfig).
 */
export interface StudyOptions<S extends SpaceOption = SpaceOption, St = StrategyConfig, Pr = PrunerConfig> {
  /** The study's name in its store (default "default"). */
  readonly name?: string
  /** A space object in the file format (a literal types the params), a path to a space file, or a space parseSpace already returned. */
  readonly space: S
  readonly direction?: Direction
  /** The objective metric's name, for reports (default "value"). */
  readonly metric?: string
  /** A built-in strategy with its options ({ name: 'tpe', gamma: 0.2 }), or registered({ name, ... }) for a registered one. */
  readonly strategy?: St & CheckConfig<St, BuiltinStrategyConfig>
  /** When to stop bad trials early, e.g. { name: 'median', startupTrials: 5 } (default none); registered({...}) for a registered one. */
  readonly pruner?: Pr & CheckConfig<Pr, BuiltinPrunerConfig>
  /** ":memory:" (default), a path to a lowdb JSON file, a PostgreSQL URL, or an open Storage. */
  readonly storage?: string | Storage
  /** Stored with the study for reports and resumes. */
  readonly settings?: Readonly<Record<string, unknown>>
  /** When a running trial counts as lost (stores with heartbeats) and whether it is retried. */
  readonly stale?: StaleOptions
  /**
   * Let the strategy learn from another study's trials on a compatible space: `{ from: store, study? }` or
   * `{ trials }`. Parameters are matched by name (see warm-start.ts for what happens to ones that differ).
   */
  readonly warmStart?: WarmStartSource
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

/** A trial handed out by ask(); `P` is typed from the space literal createStudy was given. */
export interface Trial<P extends Params = Params> {
  readonly number: number
  /** Active parameters only. */
  readonly params: P
  /** The per-trial seed (derived from the study seed and the number). */
  readonly seed: number
  /** Records an intermediate value (an epoch's validation loss, say). */
  report(step: number, value: number, metrics?: Readonly<Metrics>): Promise<void>
  /** Whether the study's pruner would stop this trial now, given its reports so far (always false without a pruner). */
  shouldPrune(): boolean
}

/**
 * What tell() accepts: the objective value, or an outcome (the one shape executors produce). A failure may give its
 * reason as a plain string: `{ state: 'fail', error: 'diverged' }`.
 */
export type TellResult = number | TrialOutcome | { readonly state: 'fail'; readonly error?: string | TrialError; readonly metrics?: Readonly<Metrics> }

export interface OptimizeOptions {
  /** How many trials this call runs (Optuna's n_trials). */
  readonly trials: number
  /** How many objective calls run at once (default 1). */
  readonly parallel?: number
  /** Stops launching trials after this many seconds. */
  readonly timeoutSeconds?: number
  /** Keep going when the objective throws (the trial fails either way); default false: rethrow, like Optuna. */
  readonly catch?: boolean
  /** Stop early: once a value this good is found (target), or when the best stops improving (patience); see study/stopping.ts. */
  readonly stop?: EarlyStop
  /**
   * Called after every finished trial (complete, pruned or failed), in order, with the study and the stored record
   * (Optuna's callbacks). A callback stops the study by calling `study.stop()` or returning 'stop': no new trial starts,
   * running ones finish. A callback that throws stops the study and optimize rethrows.
   */
  readonly callbacks?: readonly StudyCallback[]
}

/** What a callback sees of the study. */
export interface CallbackStudy {
  readonly name: string
  readonly direction: Direction
  readonly trials: readonly TrialRecord[]
  readonly best: { readonly number: number; readonly value: number; readonly params: Params } | undefined
  /** Stops launching new trials in the optimize call under way (Optuna's study.stop()). */
  stop(): void
}

/** A callback; returning (or resolving to) 'stop' stops the study, anything else is ignored. */
export type StudyCallback = (study: CallbackStudy, trial: TrialRecord) => unknown

/**
 * Options of `study.optimize(new URL('./my-model.js', import.meta.url), ...)`: the module's trainer runs on
 * `parallel` worker threads; a failed trial does not stop the loop.
 */
export interface ModuleOptimizeOptions extends OptimizeOptions {
  /** The export holding the trainer (default "default"). */
  readonly export?: string
  /** The trainer's options (its train() receives them), checked against its optionsSchema. */
  readonly options?: Readonly<Record<string, unknown>>
  /** The metric whose reports are the intermediate values and whose final value is the trial's (default: the study's metric, or the trainer's first one when the study's is the default "value"). */
  readonly metric?: string
  /** Wall-clock limit of one trial: its worker thread is terminated (and replaced) and the trial fails as "timeout". */
  readonly trialTimeoutSeconds?: number
}

export type Objective<P extends Params = Params> = (params: P, trial: Trial<P>) => number | Promise<number>
