import type { Pruner, PrunerConfig } from '../pruners/types.js'
import type { SearchSpace } from '../space/types.js'
import type { Strategy } from '../strategies/types.js'
import type { CommandTrainerSpec } from '../trainers/command/index.js'
import type { TrainerModuleRef } from '../trainers/module.js'
import type { Trainer } from '../trainers/types.js'
import type { Direction, StrategyConfig } from '../trial/types.js'

export type TrainerConfig =
  | {
      readonly type: 'builtin'
      readonly name: string
      readonly options: Readonly<Record<string, unknown>>
      readonly timeoutSeconds?: number | undefined
    }
  | {
      readonly type: 'module'
      /** The path as the experiment file gives it (for the store's settings and messages). */
      readonly file: string
      /** The absolute file URL and export, as each worker thread imports it. */
      readonly module: TrainerModuleRef
      /** The trainer as the main thread imported it (its parameters, metrics and options were checked). */
      readonly trainer: Trainer
      readonly options: Readonly<Record<string, unknown>>
      readonly timeoutSeconds?: number | undefined
    }
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
  readonly objective: { readonly metric: string; readonly direction: Direction }
  readonly strategy: StrategyConfig
  readonly pruner: PrunerConfig | undefined
  /** The strategy and pruner the configs above describe. */
  readonly instances: { readonly strategy: Strategy; readonly pruner: Pruner }
  readonly trainer: TrainerConfig
  readonly budget: {
    readonly trials: number
    readonly seconds: number | undefined
    readonly maxFailures: number
    /** Stop once a value this good is found (see study/stopping.ts). */
    readonly target?: number
    /** Stop when the best has not improved by minDelta in this many finished trials. */
    readonly patience?: { readonly trials: number; readonly minDelta?: number }
  }
  readonly parallel: number
  /** How often running trials say they are alive, and after how long without it another worker fails them (worker lost). */
  readonly heartbeat: { readonly intervalSeconds: number; readonly graceSeconds: number }
  /** How many times a lost trial's params are re-enqueued as a new trial. */
  readonly retryFailed: number
  /** The store location: a path (relative to the cwd, for display) or a URL. */
  readonly storage: string
  /** Run with the trial as JSON on stdin on a new best and at the end (argv, no shell; cwd: the experiment's folder). */
  readonly notify?: { readonly command: readonly string[] }
  /** Another study whose trials the strategy learns from: a store (path resolved from the experiment's folder, or a URL). */
  readonly warmStart?: { readonly from: string; readonly study?: string }
  /** Device slots for command trials: one per running trial, in `env` and the {slot} placeholder. */
  readonly resources?: Resources
}

export interface Resources {
  readonly slots: readonly string[]
  /** The environment variable that carries the slot (e.g. CUDA_VISIBLE_DEVICES); TUNEKIT_SLOT is always set. */
  readonly env?: string
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
