import { type Issue, ValidationError, type ValidationCode } from '../errors.js'
import { ajvIssues } from './ajv-issues.js'
import { inlineValidator } from './schemas.js'

/** The names entries may be registered under (the same syntax as parameter names). */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/

/**
 * One registry pattern for every seam (strategies, pruners, trainers, stores, executors): the built-ins as a const
 * map, plus whatever a user registers in this process. Adding a built-in is a new file and one line in its map.
 */
export interface Registry<T> {
  /** "strategy", "pruner", ...: how messages name an entry. */
  readonly kind: string
  names(): string[]
  has(name: string): boolean
  get(name: string): T | undefined
  /** The entry, or a ValidationError (the registry's unknown-name code) listing the names there are. */
  require(name: string, file?: string): T
  /** Adds (or replaces) an entry; the name must look like a parameter name. */
  register(name: string, entry: T): void
  entries(): [string, T][]
}

export function createRegistry<T>(kind: string, builtins: Readonly<Record<string, T>>, unknownCode: ValidationCode = 'INVALID_ARGUMENT'): Registry<T> {
  const entries = new Map<string, T>(Object.entries(builtins))
  const names = (): string[] => [...entries.keys()]
  return {
    kind,
    names,
    has: (name) => entries.has(name),
    get: (name) => entries.get(name),
    require(name, file) {
      const entry = entries.get(name)
      if (entry === undefined) throw new ValidationError(unknownCode, `unknown ${kind} "${name}"; use one of ${names().join(', ')}`, file ? { file } : {})
      return entry
    },
    register(name, entry) {
      if (!NAME.test(name)) throw new ValidationError('INVALID_ARGUMENT', `${kind} name "${name}" is not valid; use letters, digits, _ . -`)
      entries.set(name, entry)
    },
    entries: () => [...entries.entries()],
  }
}

/**
 * An entry made from options: a strategy or a pruner. `Options` is what `create` receives: the options of a config
 * (`{"name": "tpe", "gamma": 0.2}` without the name), already checked against `optionsSchema` and `optionsIssues`.
 */
export interface Factory<Options, Product> {
  readonly description: string
  /** JSON Schema of the options besides the name; property descriptions and defaults are quoted in messages. */
  readonly optionsSchema: object
  /** Called only with options that pass `optionsSchema`: problems a schema cannot express (one option against another). */
  optionsIssues?(options: Options): Issue[]
  /** Called with valid options; defaults are the factory's to apply. */
  create(options: Options): Product
}

/**
 * A registry of factories. Each entry's own Options type is narrower than a record; `create` is a method, so such a
 * factory still fits, and its schema is what guarantees that it is handed only options of its own shape.
 */
export type FactoryRegistry<Product> = Registry<Factory<Readonly<Record<string, unknown>>, Product>>

/** How configs of one registry look: `{ name, ...options }`, with some keys that are not options (a strategy's seed). */
export interface ConfigRules {
  /** Keys of the config that are not handed to the factory (validated elsewhere). */
  readonly reserved?: readonly string[]
  /** An example config for messages, e.g. `{"name": "random", "seed": 1}`. */
  readonly example: string
  /** Problems with the reserved keys, with paths under `at`. */
  reservedIssues?(config: Readonly<Record<string, unknown>>, at: string): Issue[]
}

/** Every problem with a `{ name, ...options }` config, with JSON paths under `at` (e.g. "/strategy"). */
export function configIssues<P>(registry: FactoryRegistry<P>, config: unknown, at: string, rules: ConfigRules): Issue[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return [{ path: at, message: `must be an object like ${rules.example}` }]
  const { name } = config as { name?: unknown }
  const use = `use one of ${registry.names().join(', ')}`
  if (typeof name !== 'string') return [{ path: `${at}/name`, message: `missing ${registry.kind} name; ${use}` }]
  const factory = registry.get(name)
  if (!factory) return [{ path: `${at}/name`, message: `unknown ${registry.kind} "${name}"; ${use}` }]
  const options = optionsOf(config as Record<string, unknown>, rules)
  const validate = inlineValidator(factory.optionsSchema)
  const issues = validate(options) ? (factory.optionsIssues?.(options) ?? []) : ajvIssues(validate.errors).map((i) => withOptionHint(i, factory.optionsSchema))
  return [...(rules.reservedIssues?.(config as Record<string, unknown>, at) ?? []), ...issues.map((i) => ({ ...i, path: at + i.path }))]
}

/** Creates the product of a config; throws a ValidationError naming every problem (UNKNOWN_… for a bad name). */
export function fromConfig<P>(
  registry: FactoryRegistry<P>,
  config: { readonly name: string },
  rules: ConfigRules,
  unknownCode: ValidationCode,
  file?: string,
): P {
  const issues = configIssues(registry, config, '', rules)
  if (issues.length > 0) {
    const code = issues.some((i) => i.path === '/name') ? unknownCode : 'INVALID_OPTIONS'
    throw new ValidationError(code, `invalid ${registry.kind} "${String(config.name)}"`, { issues, ...(file ? { file } : {}) })
  }
  return registry.require(config.name).create(optionsOf(config as Record<string, unknown>, rules))
}

function optionsOf(config: Readonly<Record<string, unknown>>, rules: ConfigRules): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(config)) if (k !== 'name' && !rules.reserved?.includes(k)) options[k] = v
  return options
}

/** Says what a misvalued option means and its default, so that the message carries its own fix. */
function withOptionHint(issue: Issue, schema: object): Issue {
  const option = /^\/([^/]+)$/.exec(issue.path)?.[1]
  const props = (schema as { properties?: Record<string, { description?: string; default?: unknown }> }).properties
  const spec = option === undefined ? undefined : props?.[option]
  if (!spec?.description || issue.message.startsWith('unknown property')) return issue
  const def = spec.default === undefined ? '' : `; default ${JSON.stringify(spec.default)}`
  return { ...issue, message: `${issue.message} (${option}: ${spec.description}${def})` }
}
