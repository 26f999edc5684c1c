import type { Issue } from '../errors.js'
import type { BuiltinConfigs } from '../util/config-types.js'
import { type ConfigRules, configIssues, createRegistry, fromConfig } from '../util/registry.js'
import { asha } from './asha.js'
import { hyperband } from './hyperband.js'
import { median } from './median.js'
import { NonePruner, none } from './none.js'
import type { Pruner, PrunerConfig, PrunerFactory } from './types.js'

export { type AshaOptions, AshaPruner } from './asha.js'
export { type Brackets, bracketOf, type HyperbandOptions, HyperbandPruner, hyperbandBrackets } from './hyperband.js'
export { lastIntermediate } from './intermediate.js'
export { type MedianOptions, MedianPruner } from './median.js'
export { NonePruner } from './none.js'
export type { Pruner, PrunerConfig, PrunerFactory } from './types.js'

/** The built-in pruners. Adding one is a new file and one line here. */
export const builtinPruners = { none, median, asha, hyperband } satisfies Record<string, PrunerFactory>
export type BuiltinPrunerName = keyof typeof builtinPruners
/** A built-in pruner's config, a union on `name` with each one's options (derived from the map above). */
export type BuiltinPrunerConfig = BuiltinConfigs<typeof builtinPruners>

/** Every pruner an experiment file or createStudy may name: the built-ins and those registered in this process. */
export const pruners = createRegistry<PrunerFactory>('pruner', builtinPruners, 'UNKNOWN_PRUNER')

const RULES: ConfigRules = { example: '{"name": "median", "startupTrials": 5}' }

/** Registers a pruner under a name, for the API and for experiment files run in this process. */
export function registerPruner(name: string, factory: PrunerFactory): void {
  pruners.register(name, factory)
}

export function prunerNames(): string[] {
  return pruners.names()
}

/** Problems with a pruner configuration, with paths under `at` (e.g. "/pruner"). Undefined is the default, none. */
export function prunerIssues(config: unknown, at = ''): Issue[] {
  return config === undefined ? [] : configIssues(pruners, config, at, RULES)
}

/** Creates a pruner from its configuration (none when undefined); throws a ValidationError naming every problem. */
export function createPruner(config: PrunerConfig | undefined, file?: string): Pruner {
  return config === undefined ? new NonePruner() : fromConfig(pruners, config, RULES, 'UNKNOWN_PRUNER', file)
}
