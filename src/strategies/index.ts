import { TunekitError, type Issue } from '../errors.js'
import type { StrategyConfig } from '../study/types.js'
import { ajvIssues } from '../util/ajv-issues.js'
import { inlineValidator } from '../util/schemas.js'
import { grid } from './grid.js'
import { qmc } from './qmc.js'
import { random } from './random.js'
import { tpe } from './tpe/index.js'
import type { Strategy, StrategyFactory } from './types.js'

export { EXHAUSTED } from './types.js'
export type { AskContext, Exhausted, Strategy, StrategyFactory } from './types.js'

/** The built-in strategies. Adding one is a new file and one line here. */
export const builtinStrategies = { grid, random, qmc, tpe } satisfies Record<string, StrategyFactory>
export type BuiltinStrategyName = keyof typeof builtinStrategies

const registry = new Map<string, StrategyFactory>(Object.entries(builtinStrategies))

/** Registers a strategy under a name, for the API and for experiment files run in this process. */
export function registerStrategy(name: string, factory: StrategyFactory): void {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new TunekitError('INVALID_ARGUMENT', `strategy name "${name}" is not valid; use letters, digits, _ . -`)
  registry.set(name, factory)
}

export function strategyNames(): string[] {
  return [...registry.keys()]
}

export function getStrategyFactory(name: string): StrategyFactory | undefined {
  return registry.get(name)
}

/** Problems with a strategy configuration, with paths under `at` (e.g. "/strategy"). */
export function strategyIssues(config: unknown, at = ''): Issue[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    return [{ path: at, message: 'must be an object like {"name": "random", "seed": 1}' }]
  const { name, seed, ...options } = config as Record<string, unknown>
  if (typeof name !== 'string') return [{ path: `${at}/name`, message: `missing strategy name; use one of ${strategyNames().join(', ')}` }]
  const factory = registry.get(name)
  if (!factory) return [{ path: `${at}/name`, message: `unknown strategy "${name}"; use one of ${strategyNames().join(', ')}` }]
  const issues: Issue[] = []
  if (seed !== undefined && !(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0))
    issues.push({ path: `${at}/seed`, message: 'must be a non-negative integer' })
  const validate = inlineValidator(factory.optionsSchema)
  if (!validate(options)) issues.push(...ajvIssues(validate.errors).map((i) => ({ ...i, path: at + i.path })))
  return issues
}

/** Creates a strategy from its configuration; throws a TunekitError naming every problem. */
export function createStrategy(config: StrategyConfig, file?: string): Strategy {
  const issues = strategyIssues(config)
  if (issues.length > 0) {
    const unknown = issues.some((i) => i.path === '/name')
    throw new TunekitError(
      unknown ? 'UNKNOWN_STRATEGY' : 'INVALID_OPTIONS',
      `invalid strategy "${String(config.name)}": ${issues.map((i) => `${i.path ? i.path + ': ' : ''}${i.message}`).join('; ')}`,
      file ? { file } : {},
    )
  }
  const { name: _n, seed: _s, ...options } = config
  return registry.get(config.name)!.create(options)
}
