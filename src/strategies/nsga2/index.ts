import type { StrategyFactory } from '../types.js'
import { NSGA2_OPTIONS_SCHEMA, type Nsga2OptionsInput, resolveNsga2Options } from './options.js'
import { Nsga2Strategy } from './sampler.js'

export { NSGA2_DEFAULTS, type Nsga2Options, type Nsga2OptionsInput } from './options.js'
export { Nsga2Strategy } from './sampler.js'

/** The evolutionary multi-objective strategy: NSGA-II with constraint domination, generations rebuilt from the history. */
export const nsga2: StrategyFactory<Nsga2OptionsInput> = {
  description: 'evolutionary multi-objective search: NSGA-II (SBX crossover, polynomial mutation, constraint domination), seeded',
  optionsSchema: NSGA2_OPTIONS_SCHEMA,
  create: (options) => new Nsga2Strategy(resolveNsga2Options(options)),
}
