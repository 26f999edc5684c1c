import { describe, expect, it } from 'vitest'
import { mlp } from '../../src/trainers/mlp/index.js'
import { overfittingMetrics, overfittingOnset } from '../../src/trainers/overfitting.js'
import type { Metrics } from '../../src/trainers/types.js'
import { recordingContext } from './context.js'

describe('the overfitting flag', () => {
  it('finds the epoch after the best validation loss when validation rises while training falls', () => {
    const train = [1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02]
    const val = [1, 0.6, 0.5, 0.55, 0.6, 0.7, 0.8]
    expect(overfittingOnset(train, val)).toBe(4)
    expect(overfittingMetrics(train, val)).toEqual({ generalization_gap: 0.8 - 0.02, overfit_epoch: 4 })
  })

  it('does not fire on a plateau, a small rise, a short tail, or when training loss rises too', () => {
    expect(overfittingOnset([1, 0.5, 0.3, 0.2, 0.1], [1, 0.6, 0.5, 0.5, 0.5])).toBeUndefined()
    expect(overfittingOnset([1, 0.5, 0.3, 0.2, 0.1, 0.05], [1, 0.6, 0.5, 0.51, 0.52, 0.53])).toBeUndefined()
    expect(overfittingOnset([1, 0.5, 0.3, 0.2], [1, 0.6, 0.5, 0.9])).toBeUndefined()
    expect(overfittingOnset([1, 0.5, 0.3, 0.4, 0.5, 0.6], [1, 0.6, 0.5, 0.6, 0.7, 0.8])).toBeUndefined()
  })

  // Digits with 30% of the rows for training: a wide two-layer network without regularisation memorises it.
  const run = (params: Record<string, number>) => {
    const ctx = recordingContext()
    const m = mlp.train({ hidden: 64, layers: 2, epochs: 20, learning_rate: 0.01, ...params }, { dataset: 'digits', validationFraction: 0.7 }, ctx) as Metrics
    return { m, reports: ctx.reports }
  }

  it('fires on an over-parameterised run without regularisation and not on a regularised one', { timeout: 60_000 }, () => {
    const over = run({ l2: 0, dropout: 0 })
    expect(over.m.overfit_epoch).toBeGreaterThan(1)
    const at = over.m.overfit_epoch!
    const val = over.reports.map((r) => r.metrics.val_loss!)
    expect(val.at(-1)!).toBeGreaterThan(Math.min(...val.slice(0, at - 1)))
    expect(over.m.generalization_gap).toBeGreaterThan(0.1)
    const regularised = run({ l2: 0.01, dropout: 0.5, learning_rate: 0.003 })
    expect(regularised.m.overfit_epoch).toBeUndefined()
    expect(regularised.m.generalization_gap).toBeLessThan(over.m.generalization_gap!)
  })
})
