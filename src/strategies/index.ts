import type { Issue } from '../errors.js'
import type { StrategyConfig } from '../trial/types.js'
import type { BuiltinConfigs } from '../util/config-types.js'
import { type ConfigRules, configIssues, createRegistry, fromConfig, type Registry } from '../util/registry.js'
import { autoFactory } from './auto.js'
import { cmaes } from './cmaes/index.js'
import { gp } from './gp/index.js'
import { grid } from './grid.js'
import { qmc } from './qmc.js'
import { random } from './random.js'
import { tpe } from './tpe/index.js'
import type { Strategy, StrategyFactory } from './types.js'

export type { AskContext, Exhausted, Strategy, StrategyFactory } from './types.js'
export { EXHAUSTED } from './types.js'

/** The built-in strategies. Adding one is a new file and one line here. */
export const builtinStrategies = { grid, random, qmc, tpe, cmaes, gp, auto: autoFactory((): Registry<StrategyFactory> => strategies) } satisfies Record<
  string,
  StrategyFactory
>
export type BuiltinStrategyName = keyof typeof builtinStrategies
/** A built-in strategy's config, a union on `name` with each one's options (derived from the map above). */
export type BuiltinStrategyConfig = BuiltinConfigs<typeof builtinStrategies, { readonly seed?: number }>

/** Every strategy an experiment file or createStudy may name: the built-ins and those registered in this process. */
export const strategies: Registry<StrategyFactory> = createRegistry<StrategyFactory>('strategy', builtinStrategies, 'UNKNOWN_STRATEGY')

/** `seed` belongs to the study (every ask's rng derives from it), not to the strategy's options. */
const RULES: ConfigRules = {
  reserved: ['seed'],
  example: '{"name": "random", "seed": 1}',
  reservedIssues: ({ seed }, at) =>
    seed === undefined || (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0)
      ? []
      : [{ path: `${at}/seed`, message: 'must be a non-negative integer' }],
}

/** Registers a strategy under a name, for the API and for experiment files run in this process. */
export function registerStrategy(name: string, factory: StrategyFactory): void {
  strategies.register(name, factory)
}

export function strategyNames(): string[] {
  return strategies.names()
}

/** Problems with a strategy configuration, with paths under `at` (e.g. "/strategy"). */
export function strategyIssues(config: unknown, at = ''): Issue[] {
  return configIssues(strategies, config, at, RULES)
}

/** Creates a strategy from its configuration; throws a ValidationError naming every problem. */
export function createStrategy(config: StrategyConfig, file?: string): Strategy {
  return fromConfig(strategies, config, RULES, 'UNKNOWN_STRATEGY', file)
}
