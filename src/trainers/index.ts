import { createRegistry } from '../util/registry.js'
import { linearRegression } from './linear-regression.js'
import { mlp } from './mlp/index.js'
import type { TrainerModuleRef } from './module.js'
import type { Trainer } from './types.js'

export type { TrainContext, Trainer, TrainerParam } from './types.js'

/** The built-in trainers, by the name an experiment file uses. Adding one is a new file and one line here. */
export const builtinTrainers = {
  'linear-regression': linearRegression,
  mlp,
} satisfies Record<string, Trainer>
export type BuiltinTrainerName = keyof typeof builtinTrainers

/**
 * The module each built-in is the default export of, relative to this file: a built-in runs on the worker threads as a
 * module trainer does (the thread imports that module), and ships as `tunekit/trainers/NAME` for users to name or copy.
 */
const builtinModules: Readonly<Record<BuiltinTrainerName, string>> = {
  'linear-regression': './linear-regression',
  mlp: './mlp/index',
}

/** The module reference of a built-in trainer (the .ts source when tunekit itself runs from its sources). */
export function builtinModuleRef(name: BuiltinTrainerName): TrainerModuleRef {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  return { url: new URL(`${builtinModules[name]}${ext}`, import.meta.url).href, export: 'default' }
}

/** Whether a name is one of the built-in trainers (a registered one may also be named). */
export function isBuiltinTrainerName(name: string): name is BuiltinTrainerName {
  return Object.hasOwn(builtinModules, name)
}

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
