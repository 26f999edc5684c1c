import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TunekitError } from '../../src/errors.js'
import { loadExperimentFile } from '../../src/experiment/load.js'
import type { TrialRecord } from '../../src/index.js'
import { tempDir, tunekit } from '../helpers/cli.js'

/** Accuracy against the network's size on iris, with a bound on the validation loss: small and fast. */
function experiment(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, 'exp.json')
  writeFileSync(
    file,
    JSON.stringify({
      name: 'size-vs-accuracy',
      space: {
        parameters: {
          hidden: { type: 'int', low: 1, high: 32, log: true },
          learning_rate: { type: 'float', low: 1e-3, high: 0.1, log: true },
          epochs: { type: 'constant', value: 3 },
        },
      },
      objective: [
        { metric: 'val_accuracy', direction: 'maximize' },
        { metric: 'param_count', direction: 'minimize' },
      ],
      constraints: [{ metric: 'val_loss', max: 1.05 }],
      strategy: { name: 'random', seed: 3 },
      trainer: { builtin: 'mlp', options: { dataset: 'iris' } },
      budget: { trials: 8 },
      ...overrides,
    }),
  )
  return file
}

async function problems(file: string): Promise<string> {
  try {
    await loadExperimentFile(file)
  } catch (e) {
    if (e instanceof TunekitError) return e.message
    throw e
  }
  return ''
}

describe('a multi-objective sweep from an experiment file', () => {
  it('runs end to end: every trial has both values and its constraint, the report gives the feasible front', () => {
    const dir = tempDir()
    const file = experiment(dir)
    const r = tunekit(['run', file])
    expect(r.code, r.stderr).toBe(0)
    const store = join(dir, 'runs', 'size-vs-accuracy.json')
    const data = JSON.parse(readFileSync(store, 'utf8')) as { studies: { study: Record<string, unknown>; trials: TrialRecord[] }[] }
    const { study, trials } = data.studies[0]!
    expect(study).toMatchObject({
      directions: ['maximize', 'minimize'],
      metrics: ['val_accuracy', 'param_count'],
      settings: { constraints: [{ metric: 'val_loss', max: 1.05 }] },
    })
    expect(trials).toHaveLength(8)
    for (const t of trials) {
      expect(t.state).toBe('complete')
      expect(t.values).toEqual([t.metrics.val_accuracy, t.metrics.param_count])
      expect(t.constraints).toEqual([t.metrics.val_loss! - 1.05])
      // hidden units h: 4·h + h + 3·h + 3 weights and biases.
      expect(t.metrics.param_count).toBe(8 * (t.params.hidden as number) + 3)
    }
    const json = JSON.parse(tunekit(['report', store, '--format', 'json']).stdout) as { bestTrials?: { number: number }[] }
    const feasible = trials.filter((t) => t.constraints!.every((c) => c <= 0))
    const front = feasible.filter(
      (a) =>
        !feasible.some(
          (b) => b.values![0]! >= a.values![0]! && b.values![1]! <= a.values![1]! && (b.values![0]! > a.values![0]! || b.values![1]! < a.values![1]!),
        ),
    )
    expect(json.bestTrials?.map((t) => t.number)).toEqual(front.map((t) => t.number))
  })

  it('checks every objective and constraint metric against what the trainer reports, and refuses a pruner', async () => {
    const dir = tempDir()
    const bad = experiment(dir, {
      objective: [{ metric: 'val_accuracy', direction: 'maximize' }, { metric: 'latency_ms' }],
      constraints: [{ metric: 'nope', max: 1 }, { metric: 'val_loss' }],
      pruner: { name: 'median' },
    })
    const message = await problems(bad)
    expect(message).toMatch(/\/objective\/1\/metric: the mlp trainer does not report "latency_ms"/)
    expect(message).toMatch(/\/pruner: pruners cannot prune a multi-objective sweep/)
    expect(message).toMatch(/\/constraints\/1/)
    const dup = experiment(dir, { objective: [{ metric: 'val_loss' }, { metric: 'val_loss' }] })
    expect(await problems(dup)).toMatch(/"val_loss" is already an objective/)
    const single = experiment(dir, { objective: { metric: 'val_loss' }, constraints: [{ metric: 'nope', min: 0 }] })
    expect(await problems(single)).toMatch(/\/constraints\/0\/metric: the mlp trainer does not report "nope"/)
  })
})
