import { TunekitError, type Issue } from '../errors.js'
import { ajvIssues } from '../util/ajv-issues.js'
import { inlineValidator } from '../util/schemas.js'
import { asha } from './asha.js'
import { hyperband } from './hyperband.js'
import { median } from './median.js'
import { none, NonePruner } from './none.js'
import type { Pruner, PrunerConfig, PrunerFactory } from './types.js'

export type { Pruner, PrunerConfig, PrunerFactory } from './types.js'
export { lastIntermediate } from './intermediate.js'
export { AshaPruner, type AshaOptions } from './asha.js'
export { bracketOf, HyperbandPruner, hyperbandBrackets, type Brackets, type HyperbandOptions } from './hyperband.js'
export { MedianPruner, type MedianOptions } from './median.js'
export { NonePruner } from './none.js'

/** The built-in pruners. Adding one is a new file and one line here. */
export const builtinPruners = { none, median, asha, hyperband } satisfies Record<string, PrunerFactory>
export type BuiltinPrunerName = keyof typeof builtinPruners

const registry = new Map<string, PrunerFactory>(Object.entries(builtinPruners))

/** Registers a pruner under a name, for the API and for experiment files run in this process. */
export function registerPruner(name: string, factory: PrunerFactory): void {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new TunekitError('INVALID_ARGUMENT', `pruner name "${name}" is not valid; use letters, digits, _ . -`)
  registry.set(name, factory)
}

export function prunerNames(): string[] {
  return [...registry.keys()]
}

export function getPrunerFactory(name: string): PrunerFactory | undefined {
  return registry.get(name)
}

/** Problems with a pruner configuration, with paths under `at` (e.g. "/pruner"). Undefined is the default, none. */
export function prunerIssues(config: unknown, at = ''): Issue[] {
  if (config === undefined) return []
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    return [{ path: at, message: 'must be an object like {"name": "median", "startupTrials": 5}' }]
  const { name, ...options } = config as Record<string, unknown>
  if (typeof name !== 'string') return [{ path: `${at}/name`, message: `missing pruner name; use one of ${prunerNames().join(', ')}` }]
  const factory = registry.get(name)
  if (!factory) return [{ path: `${at}/name`, message: `unknown pruner "${name}"; use one of ${prunerNames().join(', ')}` }]
  const validate = inlineValidator(factory.optionsSchema)
  const issues = validate(options) ? (factory.optionsIssues?.(options) ?? []) : ajvIssues(validate.errors).map((i) => withOptionHint(i, factory.optionsSchema))
  return issues.map((i) => ({ ...i, path: at + i.path }))
}

/** Creates a pruner from its configuration (none when undefined); throws a TunekitError naming every problem. */
export function createPruner(config: PrunerConfig | undefined, file?: string): Pruner {
  if (config === undefined) return new NonePruner()
  const issues = prunerIssues(config)
  if (issues.length > 0) {
    const unknown = issues.some((i) => i.path === '/name')
    throw new TunekitError(
      unknown ? 'UNKNOWN_PRUNER' : 'INVALID_OPTIONS',
      `invalid pruner "${String(config.name)}": ${issues.map((i) => `${i.path ? i.path + ': ' : ''}${i.message}`).join('; ')}`,
      file ? { file } : {},
    )
  }
  const { name: _n, ...options } = config
  return registry.get(config.name)!.create(options)
}

/** Says what a misvalued option means and its default, so the message carries its own fix. */
function withOptionHint(issue: Issue, schema: object): Issue {
  const option = /^\/([^/]+)$/.exec(issue.path)?.[1]
  const props = (schema as { properties?: Record<string, { description?: string; default?: unknown }> }).properties
  const spec = option === undefined ? undefined : props?.[option]
  if (!spec?.description || issue.message.startsWith('unknown property')) return issue
  return { ...issue, message: `${issue.message} (${option}: ${spec.description}; default ${JSON.stringify(spec.default)})` }
}
