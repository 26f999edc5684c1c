import { describe, expect, it } from 'vitest'
import { TrialPrunedError, type TunekitError } from '../../src/errors.js'
import { linearRegression } from '../../src/trainers/linear-regression.js'
import { TrialFailure } from '../../src/errors.js'
import { recordingContext, thrown } from './context.js'

const train = (params: Record<string, string | number>, options: Record<string, unknown> = {}, ctx = recordingContext()) =>
  linearRegression.train(params, options, ctx) as Record<string, number>

describe('linear-regression trainer', () => {
  it('recovers w ≈ 3 and b ≈ 2.5 with a good learning rate', () => {
    for (const seed of [0, 1, 2]) {
      const m = train({ learning_rate: 0.5, iterations: 2000 }, { samples: 1000, seed })
      expect(m.w).toBeCloseTo(3, 0)
      expect(Math.abs(m.w! - 3)).toBeLessThan(0.15)
      expect(Math.abs(m.b! - 2.5)).toBeLessThan(0.15)
      // The noise is uniform on [0, 1): its variance 1/12 is the best achievable MSE.
      expect(m.val_loss).toBeGreaterThan(0.06)
      expect(m.val_loss).toBeLessThan(0.11)
    }
  })

  it('recovers the line from the default 100 samples too', () => {
    const m = train({ learning_rate: 0.5, iterations: 2000 })
    expect(Math.abs(m.w! - 3)).toBeLessThan(0.3)
    expect(Math.abs(m.b! - 2.5)).toBeLessThan(0.2)
  })

  it('converges from every init to the same line', () => {
    const fits = (['zeros', 'normal', 'uniform'] as const).map((init) => train({ learning_rate: 0.5, iterations: 3000, init }))
    for (const m of fits) {
      expect(m.w).toBeCloseTo(fits[0]!.w!, 3)
      expect(m.b).toBeCloseTo(fits[0]!.b!, 3)
    }
  })

  it('fails as "diverged" for a huge learning rate, never returning NaN', async () => {
    const ctx = recordingContext()
    const e = await thrown(() => train({ learning_rate: 10, iterations: 1000 }, {}, ctx))
    expect(e).toBeInstanceOf(TrialFailure)
    expect((e as TrialFailure).reason).toBe('diverged')
    expect((e as TrialFailure).message).toMatch(/learning_rate 10/)
    for (const r of ctx.reports) for (const v of Object.values(r.metrics)) expect(Number.isFinite(v)).toBe(true)
  })

  it('reports train and validation loss about 20 times, the loss falling', () => {
    const ctx = recordingContext()
    const m = train({ learning_rate: 0.1, iterations: 1000 }, {}, ctx)
    expect(ctx.reports.map((r) => r.step)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 50))
    expect(Object.keys(ctx.reports[0]!.metrics).sort()).toEqual(['train_loss', 'val_loss'])
    expect(ctx.reports.at(-1)!.metrics.train_loss).toBeLessThan(ctx.reports[0]!.metrics.train_loss!)
    expect(ctx.reports.at(-1)!.metrics.val_loss).toBe(m.val_loss)
    expect(Object.keys(m).sort()).toEqual([...linearRegression.metrics].sort())
  })

  it('stops with TrialPrunedError when report asks it to', async () => {
    const ctx = recordingContext(3)
    const e = await thrown(() => train({ learning_rate: 0.1, iterations: 1000 }, {}, ctx))
    expect(e).toBeInstanceOf(TrialPrunedError)
    expect(ctx.reports).toHaveLength(3)
    expect(ctx.reports.at(-1)!.step).toBe(150)
  })

  it('is deterministic for a seed, and the seed changes the data', () => {
    const a = train({ learning_rate: 0.3, iterations: 200, init: 'normal' }, { seed: 7 })
    const b = train({ learning_rate: 0.3, iterations: 200, init: 'normal' }, { seed: 7 })
    const c = train({ learning_rate: 0.3, iterations: 200, init: 'normal' }, { seed: 8 })
    expect(b).toEqual(a)
    expect(c.w).not.toBe(a.w)
  })

  it('rejects bad parameters and options with a message naming them', async () => {
    const bad = await thrown(() => train({ learning_rate: -1 }))
    expect((bad as TunekitError).code).toBe('INVALID_ARGUMENT')
    expect((bad as Error).message).toMatch(/learning_rate/)
    const init = await thrown(() => train({ init: 'ones' }))
    expect((init as Error).message).toMatch(/"init".*"zeros", "normal", "uniform"/)
    const opt = await thrown(() => train({}, { sample: 10 }))
    expect((opt as TunekitError).code).toBe('INVALID_OPTIONS')
    expect((opt as Error).message).toMatch(/sample/)
  })
})
