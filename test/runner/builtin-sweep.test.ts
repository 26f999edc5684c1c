import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TunekitError } from '../../src/errors.js'
import { parseExperiment } from '../../src/experiment/load.js'
import { runSweep } from '../../src/runner/run-sweep.js'
import type { SweepEvent } from '../../src/runner/events.js'
import type { TrialRecord } from '../../src/trial/types.js'
import { tempDir } from '../helpers/cli.js'

function linreg(dir: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return parseExperiment(
    {
      name: 'linreg',
      space: { parameters },
      objective: { metric: 'val_loss', direction: 'minimize' },
      strategy: { name: 'grid', seed: 0 },
      trainer: { builtin: 'linear-regression', options: { samples: 100, seed: 0 } },
      budget: { trials: 100 },
      parallel: 2,
      ...extra,
    },
    join(dir, 'exp.json'),
  )
}

describe('sweeps of built-in trainers on worker threads', () => {
  it('runs a grid to exhaustion; diverging learning rates fail as "diverged"; omitted parameters take defaults', async () => {
    const dir = tempDir()
    const events: SweepEvent[] = []
    const summary = await runSweep(
      linreg(dir, { learning_rate: { type: 'categorical', choices: [0.01, 0.5, 50] }, init: { type: 'categorical', choices: ['zeros', 'normal'] } }),
      {
        onEvent: (e) => events.push(e),
      },
    )
    expect(summary.reason).toBe('exhausted')
    const trials = summary.trials
    expect(trials).toHaveLength(6)
    for (const t of trials) {
      if (t.params.learning_rate === 50) expect(t).toMatchObject({ state: 'fail', error: { reason: 'diverged' } })
      else expect(t.state).toBe('complete')
    }
    // The default of 1000 iterations at learning rate 0.5 recovers the line y = 2.5 + 3x.
    const good = trials.find((t) => t.params.learning_rate === 0.5 && t.params.init === 'zeros')!
    expect(good.metrics.w).toBeCloseTo(3, 0)
    expect(good.metrics.b).toBeGreaterThan(2.3)
    expect(good.metrics.b).toBeLessThan(2.7)
    expect(good.intermediate.length).toBeGreaterThan(1)
    // The store on disk holds what the summary says.
    const stored = JSON.parse(readFileSync(join(dir, 'runs/linreg.json'), 'utf8')) as { studies: { trials: TrialRecord[] }[] }
    expect(stored.studies[0]!.trials.map((t) => t.state)).toEqual(trials.map((t) => t.state))
    expect(events.filter((e) => e.type === 'trial-end')).toHaveLength(6)
  })

  it('two trials really run at once on two threads', async () => {
    const dir = tempDir()
    const summary = await runSweep(
      linreg(
        dir,
        { learning_rate: { type: 'float', low: 0.05, high: 0.5, log: true }, iterations: { type: 'constant', value: 400000 } },
        { strategy: { name: 'random', seed: 1 }, budget: { trials: 2 } },
      ),
    )
    const [a, b] = summary.trials
    expect(a!.state).toBe('complete')
    // Overlapping intervals: b started before a finished, and the other way round.
    expect(Date.parse(b!.startedAt!)).toBeLessThan(Date.parse(a!.finishedAt!))
    expect(Date.parse(a!.startedAt!)).toBeLessThan(Date.parse(b!.finishedAt!))
  })

  it('rejects a parameter the trainer does not know before any run', () => {
    const dir = tempDir()
    let error: unknown
    try {
      linreg(dir, { learning_rate: { type: 'float', low: 0.01, high: 1 }, lerning_rate: { type: 'float', low: 0.01, high: 1 } })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TunekitError)
    expect((error as TunekitError).code).toBe('INVALID_EXPERIMENT')
    expect((error as TunekitError).format()).toContain(
      'exp.json: /space/parameters/lerning_rate: the linear-regression trainer has no parameter "lerning_rate"',
    )
  })
})

describe('intermediate values of fast built-in trials (issue 11, item 10)', () => {
  it('every report reaches the store, in order, before the trial ends (parallel 1 and 4)', async () => {
    for (const parallel of [1, 4]) {
      const dir = tempDir()
      const exp = linreg(
        dir,
        { learning_rate: { type: 'float', low: 1e-3, high: 0.1, log: true }, iterations: { type: 'int', low: 2, high: 39 } },
        { strategy: { name: 'random', seed: parallel }, budget: { trials: 30 }, parallel, storage: 'store.json' },
      )
      const summary = await runSweep(exp)
      expect(summary.reason).toBe('budget')
      const stored = JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')) as { studies: { trials: TrialRecord[] }[] }
      const complete = stored.studies[0]!.trials.filter((t) => t.state === 'complete')
      expect(complete.length).toBeGreaterThanOrEqual(30)
      for (const t of complete) {
        // Under 40 iterations the trainer reports every one: steps 1..iterations, each once, in order.
        const n = Number(t.params.iterations)
        expect(
          t.intermediate.map((r) => r.step),
          `trial ${t.number} (parallel ${parallel})`,
        ).toEqual(Array.from({ length: n }, (_, i) => i + 1))
        expect(t.intermediate.at(-1)!.value).toBe(t.value)
      }
    }
  }, 60_000)
})
