import { createRegistry } from '../util/registry.js'
import { linearRegression } from './linear-regression.js'
import { mlp } from './mlp/index.js'
import type { Trainer } from './types.js'

export type { TrainContext, Trainer, TrainerParam } from './types.js'

/** The built-in trainers, by the name an experiment file uses. Adding one is a new file and one line here. */
export const builtinTrainers = {
  'linear-regression': linearRegression,
  mlp,
} satisfies Record<string, Trainer>
export type BuiltinTrainerName = keyof typeof builtinTrainers

/** The trainers an experiment's `{"builtin": NAME}` may name. */
export const trainers = createRegistry<Trainer>('trainer', builtinTrainers, 'UNKNOWN_TRAINER')

/** The names of the built-in trainers. */
export function trainerNames(): string[] {
  return trainers.names()
}

/** The trainer with this name; throws UNKNOWN_TRAINER listing the names there are. */
export function getTrainer(name: string): Trainer {
  return trainers.require(name)
}
