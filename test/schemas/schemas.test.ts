import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { EXPERIMENT_SCHEMA_FILE, experimentSchema, SPACE_SCHEMA_FILE } from '../../scripts/schemas.js'
import { ROOT } from '../helpers/cli.js'

const experiment = JSON.parse(readFileSync(EXPERIMENT_SCHEMA_FILE, 'utf8')) as Record<string, unknown>
const space = JSON.parse(readFileSync(SPACE_SCHEMA_FILE, 'utf8')) as Record<string, unknown>

/** The schemas as an editor uses them: ajv in strict mode, nothing of tunekit's own checks. */
function validator(schema: object) {
  return new Ajv({ strict: true, allErrors: true }).compile(schema)
}

/** JSON pointers of every property (in any `properties` map) without a description. */
function undescribed(schema: unknown, at = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => undescribed(s, `${at}/${i}`))
  if (typeof schema !== 'object' || schema === null) return []
  const out: string[] = []
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && typeof v === 'object' && v !== null && !at.endsWith('/if')) {
      for (const [name, p] of Object.entries(v)) {
        const described = typeof p !== 'object' || p === null || 'description' in p || '$ref' in p || 'const' in p
        if (!described) out.push(`${at}/properties/${name}`)
      }
    }
    out.push(...undescribed(v, `${at}/${k}`))
  }
  return out
}

const json = (dir: string): [string, unknown][] =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => [`${dir}/${f}`, JSON.parse(readFileSync(join(ROOT, dir, f), 'utf8'))])

describe('the published JSON schemas', () => {
  it('compile under ajv strict mode, and the experiment schema is what `npm run schemas` makes of the registries', () => {
    expect(() => validator(space)).not.toThrow()
    expect(() => validator(experiment)).not.toThrow()
    expect(experimentSchema(), 'experiments/experiment.schema.json is out of date: run npm run schemas').toEqual(experiment)
  })

  it('describe every property', () => {
    expect(undescribed(space)).toEqual([])
    expect(undescribed(experiment)).toEqual([])
  })

  it('accept every shipped example', () => {
    const v = validator(experiment)
    for (const [file, doc] of json('experiments')) expect(v(doc), `${file}: ${JSON.stringify(v.errors)}`).toBe(true)
    const s = validator(space)
    for (const [file, doc] of json('search-spaces')) expect(s(doc), `${file}: ${JSON.stringify(s.errors)}`).toBe(true)
  })

  const good = {
    name: 'e',
    space: { parameters: { lr: { type: 'float', low: 0.001, high: 0.1, log: true }, opt: { type: 'categorical', choices: ['sgd', 'adam'] } } },
    objective: { metric: 'val_loss' },
    strategy: { name: 'tpe', gamma: 0.2, seed: 1 },
    pruner: { name: 'median', startupTrials: 2 },
    trainer: { builtin: 'mlp', options: { dataset: 'digits' } },
    budget: { trials: 5 },
  }
  const broken: [string, Record<string, unknown>, string][] = [
    ['a misspelt parameter type in an inline space', { space: { parameters: { lr: { type: 'flaot', low: 0, high: 1 } } } }, '/space/parameters/lr/type'],
    ['an inline parameter missing its bounds', { space: { parameters: { lr: { type: 'float', low: 0 } } } }, '/space/parameters/lr'],
    ['a misspelt strategy', { strategy: { name: 'tpee' } }, '/strategy/name'],
    ['a misspelt tpe option', { strategy: { name: 'tpe', gama: 0.2 } }, '/strategy'],
    ['a grid option given to random', { strategy: { name: 'random', gridPoints: 3 } }, '/strategy'],
    ['a misspelt pruner', { pruner: { name: 'medain' } }, '/pruner/name'],
    ['a pruner option of the wrong type', { pruner: { name: 'asha', reductionFactor: 'three' } }, '/pruner/reductionFactor'],
    ['a misspelt built-in trainer', { trainer: { builtin: 'mlpp' } }, '/trainer/builtin'],
    ['an unknown mlp option', { trainer: { builtin: 'mlp', options: { dataset: 'digits', epochz: 3 } } }, '/trainer/options'],
    ['a module trainer with a stray property', { trainer: { module: './m.mjs', exports: 'x' } }, '/trainer'],
  ]
  const v = validator(experiment)
  it.each(broken)('refuse %s', (_what, change, path) => {
    expect(v(good), JSON.stringify(v.errors)).toBe(true)
    expect(v({ ...good, ...change })).toBe(false)
    expect(v.errors!.map((e) => e.instancePath)).toContain(path)
  })
})
