import { TunekitError } from '../errors.js'
import { linearRegression } from './linear-regression.js'
import { mlp } from './mlp/index.js'
import type { Trainer } from './types.js'

export { TrialFailure } from './types.js'
export type { Metrics, TrainContext, Trainer, TrainerParam } from './types.js'

/** The built-in trainers, by the name an experiment file uses. Adding one is a new file and one line here. */
export const builtinTrainers = {
  'linear-regression': linearRegression,
  mlp,
} satisfies Record<string, Trainer>
export type BuiltinTrainerName = keyof typeof builtinTrainers

/** The names of the built-in trainers. */
export function trainerNames(): BuiltinTrainerName[] {
  return Object.keys(builtinTrainers) as BuiltinTrainerName[]
}

/** The trainer with this name; throws UNKNOWN_TRAINER listing the names there are. */
export function getTrainer(name: string): Trainer {
  if (!Object.hasOwn(builtinTrainers, name)) {
    throw new TunekitError('UNKNOWN_TRAINER', `unknown trainer "${name}"; use one of ${trainerNames().join(', ')}`)
  }
  return builtinTrainers[name as BuiltinTrainerName]
}
