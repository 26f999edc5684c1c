import { describe, expect, it } from 'vitest'
import { TunekitError } from '../../src/errors.js'
import { builtinTrainers, getTrainer, trainerNames } from '../../src/trainers/index.js'
import { declaresMetric } from '../../src/trainers/types.js'
import { recordingContext, thrown } from './context.js'

describe('trainer registry', () => {
  it('lists and finds the built-in trainers by name', () => {
    expect(trainerNames()).toEqual(['linear-regression', 'mlp'])
    for (const name of trainerNames()) expect(getTrainer(name).name).toBe(name)
  })

  it('refuses an unknown name, listing the known ones', async () => {
    const e = await thrown(() => getTrainer('svm'))
    expect((e as TunekitError).code).toBe('UNKNOWN_TRAINER')
    expect((e as Error).message).toMatch(/linear-regression, mlp/)
    expect((await thrown(() => getTrainer('toString'))) as TunekitError).toBeInstanceOf(TunekitError)
  })

  it('documents every parameter and option, and closes its options schema', () => {
    for (const t of Object.values(builtinTrainers)) {
      expect(t.description.length).toBeGreaterThan(10)
      for (const [name, p] of Object.entries(t.parameters)) {
        expect(p.description.length, `${t.name}.${name}`).toBeGreaterThan(10)
        expect(['string', 'number', 'boolean']).toContain(typeof p.default)
      }
      const schema = t.optionsSchema as { additionalProperties: unknown; properties: Record<string, { description?: string }> }
      expect(schema.additionalProperties).toBe(false)
      for (const [name, p] of Object.entries(schema.properties)) expect(p.description, `${t.name} option ${name}`).toBeTruthy()
    }
  })

  it('runs each trainer on its defaults, reporting only the metrics it declares', async () => {
    const options = { 'linear-regression': {}, mlp: { dataset: 'iris' } }
    for (const t of Object.values(builtinTrainers)) {
      const ctx = recordingContext()
      const defaults = Object.fromEntries(Object.entries(t.parameters).map(([k, p]) => [k, p.default]))
      const m = await t.train(defaults, options[t.name as keyof typeof options], ctx)
      for (const key of [...Object.keys(m), ...ctx.reports.flatMap((r) => Object.keys(r.metrics))])
        expect(declaresMetric(t, key), `${t.name} reports ${key}`).toBe(true)
      for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true)
    }
  })
})
