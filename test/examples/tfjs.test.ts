import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveExperiment } from '../../src/experiment/load.js'
import { runSweep } from '../../src/runner/run-sweep.js'
import { tunekitCallback } from '../../src/trainers/tfjs.js'
import { ROOT, tempDir } from '../helpers/cli.js'

describe('tunekit/tfjs', () => {
  it('reports every epoch of a real model.fit and stops it at the end of the epoch the pruner says stop', async () => {
    const tf = await import('@tensorflow/tfjs')
    await tf.setBackend('cpu')
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] })
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' })
    const x = tf.randomNormal([16, 2], 0, 1, 'float32', 1)
    const y = tf.randomNormal([16, 1], 0, 1, 'float32', 2)
    const reports: [number, Record<string, number>][] = []
    const ctx = { report: (step: number, m: Record<string, number>) => reports.push([step, m]) >= 2 }
    const history = await model.fit(x, y, { epochs: 10, validationSplit: 0.25, verbose: 0, callbacks: [tunekitCallback(ctx)] })
    expect(history.epoch).toEqual([0, 1])
    expect(reports.map(([s]) => s)).toEqual([1, 2])
    expect(Object.keys(reports[0]![1]).sort()).toEqual(['loss', 'val_loss'])
    const blind = tunekitCallback(ctx, { monitor: 'val_acc' })
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [blind] })).rejects.toThrow(/logs loss but not "val_acc"; pass validationData/)
    tf.dispose([x, y])
    model.dispose()
  })

  it('runs a short sweep of experiments/tfjs-digits.json: a module trainer on worker threads, the wasm backend', { timeout: 180_000 }, async () => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'experiments/tfjs-digits.json'), 'utf8')) as { space: { parameters: Record<string, unknown> } }
    raw.space.parameters.epochs = { type: 'constant', value: 2 }
    const exp = await resolveExperiment({ ...raw, budget: { trials: 2 }, storage: join(tempDir(), 'runs.json') }, join(ROOT, 'experiments/tfjs-digits.json'))
    const s = await runSweep(exp)
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'complete'])
    for (const t of s.trials) {
      expect(t.intermediate.map((i) => i.step)).toEqual([1, 2])
      expect(t.metrics.val_acc).toBeGreaterThan(0)
      expect(Number.isFinite(t.value)).toBe(true)
      expect(t.value).toBe(t.metrics.val_loss)
    }
  })
})
