import type { Pruner, PrunerConfig } from '../pruners/types.js'
import type { SearchSpace } from '../space/types.js'
import type { Strategy } from '../strategies/types.js'
import type { CommandTrainerSpec } from '../trainers/command/index.js'
import type { MetricConstraint } from '../trial/outcome.js'
import type { Direction, StrategyConfig } from '../trial/types.js'

export interface Objective {
  readonly metric: string
  readonly direction: Direction
}

export type TrainerConfig =
  | { readonly type: 'builtin'; readonly name: string; readonly options: Readonly<Record<string, unknown>> }
  | { readonly type: 'command'; readonly spec: CommandTrainerSpec }

export type { PrunerConfig } from '../pruners/types.js'

/** A validated experiment file, paths resolved, its strategy and pruner built once (nothing below parses it again). */
export interface Experiment {
  /** The experiment file as named by the user (for messages). */
  readonly file: string
  /** Its folder: relative paths in it resolve from here. */
  readonly dir: string
  readonly name: string
  readonly space: SearchSpace
  /** The (first) objective. */
  readonly objective: Objective
  /** Every objective, in order: one, or two and more for a multi-objective sweep. */
  readonly objectives: readonly Objective[]
  /** Bounds on reported metrics; a trial is feasible when all hold. */
  readonly constraints: readonly MetricConstraint[]
  readonly strategy: StrategyConfig
  readonly pruner: PrunerConfig | undefined
  /** The strategy and pruner the configs above describe. */
  readonly instances: { readonly strategy: Strategy; readonly pruner: Pruner }
  readonly trainer: TrainerConfig
  readonly budget: { readonly trials: number; readonly seconds: number | undefined; readonly maxFailures: number }
  readonly parallel: number
  /** How often running trials say they are alive, and after how long without it another worker fails them (worker lost). */
  readonly heartbeat: { readonly intervalSeconds: number; readonly graceSeconds: number }
  /** How many times a lost trial's params are re-enqueued as a new trial. */
  readonly retryFailed: number
  /** The store location: a path (relative to the cwd, for display) or a URL. */
  readonly storage: string
}

/** What the command line overrides of the file (`--trials`, `--storage` or TUNEKIT_STORAGE, ...). */
export interface ExperimentOverrides {
  readonly trials?: number
  readonly parallel?: number
  readonly seed?: number
  readonly strategy?: string
  /** A store location used as given (not relative to the experiment file). */
  readonly storage?: string
}
