import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/errors.js'
import { linearRegression } from '../../src/trainers/linear-regression.js'
import { analyseRange, lrRangeTest, rangeSchedule } from '../../src/trainers/lr-range.js'
import { mlp } from '../../src/trainers/mlp/index.js'
import type { Metrics, Trainer } from '../../src/trainers/types.js'
import { recordingContext, thrown } from './context.js'

describe('the learning-rate range test', () => {
  it('sweeps the rate exponentially from min to max', () => {
    const s = rangeSchedule({ min: 1e-4, max: 1, steps: 5 })
    expect([0, 1, 2, 3, 4].map((i) => s.rate(i))).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1].map((v, i) => expect.closeTo(v, 12 - i * 2)))
  })

  it('suggests the steepest fall and finds the divergence on a synthetic curve', () => {
    // Flat until 1e-3, falls fastest around 1e-2, bottoms at 1e-1, explodes past 1.
    const raw = Array.from({ length: 80 }, (_, i) => {
      const lr = 10 ** (-5 + i / 12)
      const x = Math.log10(lr)
      return { learning_rate: lr, loss: x < 0 ? 2 - 1.9 / (1 + Math.exp(-4 * (x + 2))) : 0.1 * 30 ** x }
    })
    const r = analyseRange(raw)
    expect(Math.log10(r.suggested)).toBeCloseTo(-2, 0)
    expect(r.diverges).not.toBeNull()
    expect(r.diverges!).toBeGreaterThan(1)
    expect(r.curve.at(-1)!.learning_rate).toBeLessThan(r.diverges!)
  })

  it.each(['sgd', 'momentum', 'adam'])('on the digits mlp with %s, suggests a rate that trains to >= 0.95 in 15 epochs', async (optimizer) => {
    const r = await lrRangeTest(mlp, { optimizer }, { dataset: 'digits' })
    expect(r.diverges).not.toBeNull()
    expect(r.suggested).toBeLessThan(r.diverges!)
    const m = mlp.train({ optimizer, learning_rate: r.suggested, epochs: 15 }, { dataset: 'digits' }, recordingContext()) as Metrics
    expect(m.val_accuracy).toBeGreaterThanOrEqual(0.95)
  })

  it('on linear regression, suggests a rate below the one that diverges', async () => {
    const r = await lrRangeTest(linearRegression, {}, {})
    expect(r.diverges).not.toBeNull()
    expect(r.suggested).toBeLessThan(r.diverges!)
    const m = linearRegression.train({ learning_rate: r.suggested }, {}, recordingContext()) as Metrics
    expect(m.val_loss).toBeLessThan(0.2)
  })

  it('refuses a trainer that does not opt in', async () => {
    const plain: Trainer = { ...linearRegression, lrRange: false }
    const e = await thrown(() => lrRangeTest(plain, {}, {}))
    expect(e).toBeInstanceOf(ValidationError)
    expect((e as Error).message).toMatch(/does not support the learning-rate range test/)
  })
})
