import type { StrategyFactory } from '../types.js'
import { resolveMultiObjectiveOptions, resolveOptions, TPE_OPTIONS_SCHEMA, type TpeOptionsInput } from './options.js'
import { TpeStrategy } from './sampler.js'

export { TPE_DEFAULTS, TPE_OPTIONS_SCHEMA, TPE_PRESETS, type TpeOptions, type TpeOptionsInput, type TpePreset } from './options.js'
export { TpeStrategy } from './sampler.js'

/**
 * The Bayesian strategy: a multivariate Tree-structured Parzen Estimator with constant liar for parallel asks; on
 * multi-objective studies MOTPE (multi.ts).
 */
export const tpe: StrategyFactory<TpeOptionsInput> = {
  description: 'Bayesian optimisation: multivariate Tree-structured Parzen Estimator (constant liar for parallel asks), seeded',
  optionsSchema: TPE_OPTIONS_SCHEMA,
  create: (options) => new TpeStrategy(resolveOptions(options), resolveMultiObjectiveOptions(options)),
}
