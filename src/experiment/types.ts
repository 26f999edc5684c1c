import type { PrunerConfig } from '../pruners/types.js'
import type { CommandTrainerSpec } from '../runner/command/index.js'
import type { SearchSpace } from '../space/types.js'
import type { Direction, StrategyConfig } from '../study/types.js'

export type TrainerConfig =
  | { readonly type: 'builtin'; readonly name: string; readonly options: Readonly<Record<string, unknown>> }
  | { readonly type: 'command'; readonly spec: CommandTrainerSpec }

export type { PrunerConfig } from '../pruners/types.js'

/** A validated experiment file, paths resolved. */
export interface Experiment {
  /** The experiment file as named by the user (for messages). */
  readonly file: string
  /** Its folder: relative paths in it resolve from here. */
  readonly dir: string
  readonly name: string
  readonly space: SearchSpace
  readonly objective: { readonly metric: string; readonly direction: Direction }
  readonly strategy: StrategyConfig
  readonly pruner: PrunerConfig | undefined
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

/** CLI flags that override the file. */
export interface ExperimentOverrides {
  readonly trials?: number
  readonly parallel?: number
  readonly seed?: number
  readonly strategy?: string
  readonly storage?: string
}
