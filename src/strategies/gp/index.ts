import type { StrategyFactory } from '../types.js'
import { GP_OPTIONS_SCHEMA, type GpOptionsInput, resolveGpOptions } from './options.js'
import { GpStrategy } from './strategy.js'

export { GP_DEFAULTS, GP_OPTIONS_SCHEMA, type GpOptions, type GpOptionsInput } from './options.js'
export { GpStrategy } from './strategy.js'

/** Gaussian-process Bayesian optimisation: Matérn-5/2 ARD kernel, MAP hyperparameters, log expected improvement. */
export const gp: StrategyFactory<GpOptionsInput> = {
  description: 'Bayesian optimisation: Gaussian process (Matérn-5/2 ARD, MAP fit), log expected improvement, kriging believer for parallel asks, seeded',
  optionsSchema: GP_OPTIONS_SCHEMA,
  create: (options) => new GpStrategy(resolveGpOptions(options)),
}
