import { describe, expect, it } from 'vitest'
import { TrialFailure } from '../../src/errors.js'
import { mlp } from '../../src/trainers/mlp/index.js'
import type { Metrics } from '../../src/trainers/types.js'
import { recordingContext, thrown } from './context.js'

type P = Record<string, string | number>
const train = (params: P, options: Record<string, unknown>, ctx = recordingContext()) => mlp.train(params, options, ctx) as Metrics

describe('gradient health in the mlp trainer', () => {
  it('reports each layer’s gradient norm and update ratio every epoch', () => {
    const ctx = recordingContext()
    train({ layers: 2, epochs: 3 }, { dataset: 'iris' }, ctx)
    for (const r of ctx.reports) {
      for (const l of [1, 2, 3]) {
        expect(r.metrics[`grad_norm_${l}`]).toBeGreaterThan(0)
        expect(r.metrics[`update_ratio_${l}`]).toBeGreaterThan(0)
        expect(r.metrics[`update_ratio_${l}`]).toBeLessThan(1)
      }
      expect(r.metrics.grad_norm_4).toBeUndefined()
    }
  })

  it('ends a deep sigmoid network with normal init as "vanishing gradients"', async () => {
    const e = await thrown(() => train({ layers: 6, hidden: 32, activation: 'sigmoid', init: 'normal', epochs: 5 }, { dataset: 'digits' }))
    expect(e).toBeInstanceOf(TrialFailure)
    expect((e as TrialFailure).reason).toBe('vanishing gradients')
    expect((e as TrialFailure).message).toMatch(/^vanishing gradients at epoch \d+: layer 1's gradient norm is .* of the output layer's/)
  })

  it('lets the same network with relu and he init train', () => {
    const m = train({ layers: 6, hidden: 32, activation: 'relu', init: 'he', epochs: 5 }, { dataset: 'digits' })
    expect(m.val_accuracy).toBeGreaterThan(0.8)
  })

  it('ends a huge learning rate as "exploding gradients" naming the layer and the epoch', async () => {
    const e = await thrown(() => train({ optimizer: 'sgd', learning_rate: 10, layers: 2, epochs: 5 }, { dataset: 'digits' }))
    expect((e as TrialFailure).reason).toBe('exploding gradients')
    expect((e as TrialFailure).message).toMatch(/^exploding gradients in layer [1-3] at epoch 1: its gradient norm reached/)
  })

  it('only reports with action "report", and skips the norms with "off"', () => {
    const params = { layers: 6, hidden: 32, activation: 'sigmoid', init: 'normal', epochs: 2 }
    const ctx = recordingContext()
    train(params, { dataset: 'digits', gradients: { action: 'report' } }, ctx)
    const last = ctx.reports.at(-1)!.metrics
    expect(last.grad_norm_1! / last.grad_norm_7!).toBeLessThan(1e-2)
    const off = recordingContext()
    train(params, { dataset: 'digits', gradients: { action: 'off' } }, off)
    expect(Object.keys(off.reports[0]!.metrics).some((k) => k.startsWith('grad_norm'))).toBe(false)
  })
})
