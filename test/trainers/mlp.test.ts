import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TrialFailure, TrialPrunedError, type TunekitError } from '../../src/errors.js'
import { loadDataset, prepareData } from '../../src/trainers/data.js'
import { mlp } from '../../src/trainers/mlp/index.js'
import type { Metrics } from '../../src/trainers/types.js'
import { recordingContext, thrown } from './context.js'

type P = Record<string, string | number>
const train = (params: P, options: Record<string, unknown>, ctx = recordingContext()) => mlp.train(params, options, ctx) as Metrics

const dir = mkdtempSync(join(tmpdir(), 'tunekit-mlp-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('mlp trainer', () => {
  it('beats the majority class on iris by a wide margin', () => {
    // The majority baseline on exactly the validation rows the trainer holds out.
    const { yVal } = prepareData(loadDataset('iris'), { seed: 0, validationFraction: 0.2, stratify: true, standardizeTarget: false })
    const counts = new Map<number, number>()
    for (const y of yVal) counts.set(y, (counts.get(y) ?? 0) + 1)
    const majority = Math.max(...counts.values()) / yVal.length
    expect(majority).toBeLessThan(0.4)
    const m = train({ epochs: 50 }, { dataset: 'iris' })
    expect(m.val_accuracy).toBeGreaterThanOrEqual(0.9)
    expect(m.val_accuracy! - majority).toBeGreaterThan(0.5)
    expect(m.epochs_trained).toBe(50)
  })

  it('beats predicting the training mean on diabetes (regression)', () => {
    const { yVal, targetScaler } = prepareData(loadDataset('diabetes'), { seed: 0, validationFraction: 0.2, stratify: false, standardizeTarget: true })
    // Targets are standardised with training statistics, so the mean predictor's MSE is the mean of yVal².
    const baseline = yVal.reduce((s, y) => s + y * y, 0) / yVal.length
    const m = train({ epochs: 30 }, { dataset: 'diabetes' })
    expect(m.val_accuracy).toBeUndefined()
    expect(m.val_loss).toBeLessThan(0.8 * baseline)
    expect(m.val_rmse).toBeCloseTo(Math.sqrt(m.val_loss!) * targetScaler!.scale[0]!, 9)
  })

  it('reaches 95% on digits with the default parameters', () => {
    const m = train({}, { dataset: 'digits' })
    expect(m.val_accuracy).toBeGreaterThanOrEqual(0.95)
  })

  it('learns as a linear model with layers: 0, and with every activation, init, optimizer and dropout', () => {
    expect(train({ layers: 0, epochs: 60, learning_rate: 0.03 }, { dataset: 'iris' }).val_accuracy).toBeGreaterThanOrEqual(0.85)
    const variants: P[] = [
      { activation: 'tanh' },
      { activation: 'sigmoid', learning_rate: 0.01 },
      { init: 'xavier' },
      { init: 'normal' },
      { optimizer: 'sgd', learning_rate: 0.1 },
      { optimizer: 'momentum', learning_rate: 0.02, momentum: 0.9 },
      { dropout: 0.2 },
      { l2: 1e-3 },
      { layers: 2, hidden: 16 },
    ]
    for (const v of variants) expect(train({ epochs: 50, ...v }, { dataset: 'iris' }).val_accuracy, JSON.stringify(v)).toBeGreaterThanOrEqual(0.85)
  })

  it('cannot learn beyond the class prior with zero init in a hidden layer (every unit stays alike)', async () => {
    const zeros = train({ init: 'zeros', epochs: 30 }, { dataset: 'iris', gradients: { action: 'report' } })
    const he = train({ init: 'he', epochs: 30 }, { dataset: 'iris' })
    expect(zeros.val_accuracy).toBeLessThan(0.5)
    expect(he.val_accuracy).toBeGreaterThan(0.85)
    // With the gradient check on (the default), the trial ends at once with the reason.
    const e = await thrown(() => train({ init: 'zeros', epochs: 30 }, { dataset: 'iris' }))
    expect((e as TrialFailure).reason).toBe('vanishing gradients')
    expect((e as TrialFailure).message).toMatch(/every layer's gradient is zero.*zeros init/)
  })

  it('is deterministic for a seed, reports included, and the seed matters', () => {
    const params = { epochs: 8, dropout: 0.1, batch_size: 16 }
    const c1 = recordingContext()
    const c2 = recordingContext()
    const a = train(params, { dataset: 'breast_cancer', seed: 3 }, c1)
    const b = train(params, { dataset: 'breast_cancer', seed: 3 }, c2)
    expect(b).toEqual(a)
    expect(c2.reports).toEqual(c1.reports)
    const c = train(params, { dataset: 'breast_cancer', seed: 4 })
    expect(c.val_loss).not.toBe(a.val_loss)
  })

  it('reports every epoch and stops with TrialPrunedError when asked', async () => {
    const full = recordingContext()
    train({ epochs: 6 }, { dataset: 'iris' }, full)
    expect(full.reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6])
    expect(Object.keys(full.reports[0]!.metrics).sort()).toEqual([
      'grad_norm_1',
      'grad_norm_2',
      'train_loss',
      'update_ratio_1',
      'update_ratio_2',
      'val_accuracy',
      'val_loss',
    ])

    const ctx = recordingContext(2)
    const e = await thrown(() => train({ epochs: 50 }, { dataset: 'iris' }, ctx))
    expect(e).toBeInstanceOf(TrialPrunedError)
    expect(ctx.reports.map((r) => r.step)).toEqual([1, 2])
  })

  it('fails as "exploding gradients" (naming the layer) for a huge learning rate, as "diverged" with the check off', async () => {
    for (const dataset of ['iris', 'diabetes']) {
      const ctx = recordingContext()
      const e = await thrown(() => train({ optimizer: 'sgd', learning_rate: 1e6, epochs: 20 }, { dataset }, ctx))
      expect(e, dataset).toBeInstanceOf(TrialFailure)
      expect((e as TrialFailure).reason).toBe('exploding gradients')
      expect((e as TrialFailure).message).toMatch(/^exploding gradients in layer \d+ at epoch \d+/)
      const off = await thrown(() => train({ optimizer: 'sgd', learning_rate: 1e6, epochs: 20 }, { dataset, gradients: { action: 'off' } }))
      expect((off as TrialFailure).reason).toBe('diverged')
      for (const r of ctx.reports) for (const v of Object.values(r.metrics)) expect(Number.isFinite(v)).toBe(true)
    }
  })

  it('trains on a CSV path, inferring the task from the labels', () => {
    const rows = ['a,b,target']
    for (let i = 0; i < 60; i++) {
      const a = (i % 10) / 10
      const b = Math.floor(i / 10) / 6
      rows.push(`${a},${b},${a + b > 0.9 ? 1 : 0}`)
    }
    const cls = join(dir, 'cls.csv')
    writeFileSync(cls, `${rows.join('\n')}\n`)
    const m = train({ epochs: 40, learning_rate: 0.03 }, { dataset: cls })
    expect(m.val_accuracy).toBeGreaterThanOrEqual(0.8)

    const reg = join(dir, 'reg.csv')
    writeFileSync(reg, ['x,target', ...Array.from({ length: 50 }, (_, i) => `${i / 50},${(2 * i) / 50 + 0.5}`)].join('\n'))
    const r = train({ epochs: 40, learning_rate: 0.03 }, { dataset: reg })
    expect(r.val_accuracy).toBeUndefined()
    expect(r.val_loss).toBeLessThan(0.05)
    // Forcing the task overrides the inference.
    expect(train({ epochs: 2 }, { dataset: cls, task: 'regression' }).val_accuracy).toBeUndefined()
  })

  it('rejects bad options and parameters, naming them', async () => {
    const missing = await thrown(() => train({}, {}))
    expect((missing as TunekitError).code).toBe('INVALID_OPTIONS')
    expect((missing as Error).message).toMatch(/dataset/)
    const extra = await thrown(() => train({}, { dataset: 'iris', epoch: 3 }))
    expect((extra as Error).message).toMatch(/"epoch"/)
    const param = await thrown(() => train({ optimizer: 'rmsprop' }, { dataset: 'iris' }))
    expect((param as TunekitError).code).toBe('INVALID_ARGUMENT')
    expect((param as Error).message).toMatch(/"optimizer"/)
    const file = await thrown(() => train({}, { dataset: join(dir, 'nope.csv') }))
    expect((file as TunekitError).code).toBe('FILE_NOT_FOUND')
  })
})
