import type { Experiment, TrainerConfig } from '../../experiment/types.js'
import { ValidationError } from '../../errors.js'
import { builtinModuleRef, getTrainer, isBuiltinTrainerName } from '../../trainers/index.js'
import { createRegistry } from '../../util/registry.js'
import type { Executor } from './types.js'

export type { Executor } from './types.js'

/** Makes the executor for one kind of trainer config; implementations load lazily (piscina only for threads). */
export interface ExecutorFactory<T extends TrainerConfig['type'] = TrainerConfig['type']> {
  readonly description: string
  /** Called once per sweep, before the first trial. */
  create(trainer: Extract<TrainerConfig, { type: T }>, exp: Experiment): Promise<Executor>
}

type ExecutorFactories = { readonly [T in TrainerConfig['type']]: ExecutorFactory<T> }

/** The executors by trainer kind. A new kind of trainer config is one entry here (and one file). */
const builtinExecutors = {
  builtin: {
    description: 'a pool of worker threads, one trial per thread, running the module the built-in ships as',
    create: async (trainer, exp) => {
      if (!isBuiltinTrainerName(trainer.name)) throw new ValidationError('UNKNOWN_TRAINER', `no module ships the built-in trainer "${trainer.name}"`)
      return new (await import('./thread.js')).ThreadExecutor(getTrainer(trainer.name), builtinModuleRef(trainer.name), trainer.options, {
        threads: exp.parallel,
        timeoutSeconds: trainer.timeoutSeconds,
      })
    },
  },
  module: {
    description: "a user's trainer module on the same pool of worker threads, imported once per thread",
    create: async (trainer, exp) =>
      new (await import('./thread.js')).ThreadExecutor(trainer.trainer, trainer.module, trainer.options, {
        threads: exp.parallel,
        timeoutSeconds: trainer.timeoutSeconds,
      }),
  },
  command: {
    description: 'one child process per trial, in its own process group',
    create: async (trainer, exp) => new (await import('./process.js')).ProcessExecutor(trainer.spec, exp.dir, exp.resources),
  },
} satisfies ExecutorFactories

export const executors = createRegistry<ExecutorFactory>('executor', builtinExecutors)

/** The executor an experiment's trainer needs. */
export function createExecutor(exp: Experiment): Promise<Executor> {
  return executors.require(exp.trainer.type).create(exp.trainer, exp)
}
