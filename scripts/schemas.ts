/**
 * `npm run schemas`: writes the parts of experiments/experiment.schema.json that come from code, keeping every other
 * part of the file as written by hand. Generated: `space` (the search-space schema inlined, so that an inline space is
 * checked too), `strategy` and `pruner` (a name enum and each built-in's options, from the registries' optionsSchema),
 * and the built-in trainer branch of `trainer` (its name enum and each one's options). A new strategy, pruner or
 * built-in trainer needs no edit here: register it, run `npm run schemas`; test/schemas/schemas.test.ts fails until then.
 * A new top-level property is written by hand in the JSON file; give it a description (and a default where one exists).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { builtinPruners } from '../src/pruners/index.js'
import { builtinStrategies } from '../src/strategies/index.js'
import { builtinTrainers } from '../src/trainers/index.js'

type Schema = Record<string, unknown>
interface Named {
  readonly description: string
  readonly optionsSchema: object
}

export const EXPERIMENT_SCHEMA_FILE = new URL('../experiments/experiment.schema.json', import.meta.url)
export const SPACE_SCHEMA_FILE = new URL('../search-spaces/search-space.schema.json', import.meta.url)

const read = (file: URL): Schema => JSON.parse(readFileSync(file, 'utf8')) as Schema

/** `{ name, ...options }` checked per name: an enum of the names, then each name's own options (nothing else). */
export function byName(kind: string, entries: Readonly<Record<string, Named>>, common: Record<string, Schema> = {}): Schema {
  const names = Object.keys(entries)
  return {
    type: 'object',
    required: ['name'],
    description: `A built-in ${kind} by name, with its options: ${names.map((n) => `"${n}" (${entries[n]!.description})`).join('; ')}.`,
    properties: { name: { enum: names, description: `The ${kind}: one of ${names.join(', ')}.` }, ...common },
    allOf: names.map((n) => ({
      if: { properties: { name: { const: n } }, required: ['name'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then
      then: {
        description: entries[n]!.description,
        properties: { name: { const: n, description: entries[n]!.description }, ...optionProperties(entries[n]!.optionsSchema), ...common },
        additionalProperties: false,
      },
    })),
  }
}

function optionProperties(schema: object): Record<string, Schema> {
  return { ...((schema as { properties?: Record<string, Schema> }).properties ?? {}) }
}

/** The search-space schema as definitions of the experiment schema (refs renamed under a `space-` prefix). */
function spaceDefinitions(space: Schema): Record<string, Schema> {
  const rename = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(rename)
    if (typeof x !== 'object' || x === null) return x
    return Object.fromEntries(
      Object.entries(x).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/definitions/', '#/definitions/space-') : rename(v)]),
    )
  }
  const { definitions, $schema: _s, $id: _i, title: _t, ...root } = space as Schema & { definitions: Record<string, Schema> }
  return {
    space: rename(root) as Schema,
    ...Object.fromEntries(Object.entries(definitions).map(([k, v]) => [`space-${k}`, rename(v) as Schema])),
  }
}

/** The experiment schema with its generated parts made from the registries and the space schema. */
export function experimentSchema(base: Schema = read(EXPERIMENT_SCHEMA_FILE), space: Schema = read(SPACE_SCHEMA_FILE)): Schema {
  const properties = { ...(base.properties as Record<string, Schema>) }
  properties.space = {
    description: 'The search space: a path to a search-space file (relative to this file), or the space inline.',
    anyOf: [{ type: 'string', minLength: 1 }, { $ref: '#/definitions/space' }],
  }
  const seed = { seed: { type: 'integer', minimum: 0, description: 'The study seed every ask derives from (default: drawn once and stored with the study).' } }
  properties.strategy = { ...byName('strategy', builtinStrategies, seed), default: { name: 'random' } }
  properties.pruner = byName('pruner', builtinPruners)
  properties.trainer = trainerSchema(properties.trainer ?? {})
  const definitions = { ...((base.definitions as Record<string, Schema> | undefined) ?? {}) }
  for (const k of Object.keys(definitions)) if (k === 'space' || k.startsWith('space-')) delete definitions[k]
  return { ...base, properties, definitions: { ...definitions, ...spaceDefinitions(space) } }
}

/** The trainer: its command and module branches as written by hand, the built-in branch generated. */
function trainerSchema(trainer: Schema): Schema {
  const t = trainer as { else?: { else?: Schema } }
  const builtin = (t.else?.else ?? {}) as { properties?: Record<string, Schema> }
  const names = Object.keys(builtinTrainers)
  const generated: Schema = {
    type: 'object',
    required: ['builtin'],
    additionalProperties: false,
    properties: {
      ...builtin.properties,
      builtin: {
        enum: names,
        description: `A trainer that ships with tunekit: ${names.map((n) => `"${n}" (${builtinTrainers[n as keyof typeof builtinTrainers].description})`).join('; ')}.`,
      },
      options: { type: 'object', description: "The built-in trainer's options (see each one's)." },
    },
    allOf: names.map((n) => ({
      if: { properties: { builtin: { const: n } }, required: ['builtin'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then
      then: { properties: { options: builtinTrainers[n as keyof typeof builtinTrainers].optionsSchema } },
    })),
  }
  return { ...trainer, else: { ...(trainer.else as Schema), else: generated } }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(EXPERIMENT_SCHEMA_FILE, `${JSON.stringify(experimentSchema(), null, 2)}\n`)
  console.log('wrote experiments/experiment.schema.json (run npx biome format --write experiments/experiment.schema.json)')
}
