import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseExperiment } from '../../src/experiment/load.js'
import { createStudy } from '../../src/study/open.js'
import { DEFAULT_PATIENCE_TRIALS } from '../../src/study/stopping.js'
import { ROOT, tempDir, tunekit } from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')

function experiment(dir: string, budget: Record<string, unknown>): string {
  const file = join(dir, 'exp.json')
  writeFileSync(
    file,
    JSON.stringify({
      name: 'quad',
      space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      objective: { metric: 'loss' },
      strategy: { name: 'random', seed: 3 },
      trainer: { command: [process.execPath, FIXTURE] },
      budget,
    }),
  )
  return file
}

describe('early stopping in sweeps and optimize', () => {
  it('run stops on budget.patience and on budget.target, and report shows why', () => {
    const dir = tempDir()
    const r = tunekit(['run', experiment(dir, { trials: 40, patience: { trials: 3 } })])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/stopped early: the best value has not improved in 3 finished trials/)
    const json = JSON.parse(tunekit(['report', join(dir, 'runs/quad.json'), '--format', 'json']).stdout) as { trials: unknown[]; stopped?: { reason: string } }
    expect(json.trials.length).toBeLessThan(40)
    expect(json.stopped?.reason).toBe('patience')
    expect(tunekit(['report', join(dir, 'runs/quad.json')]).stdout).toMatch(/stopped early \(patience\)/)

    const dir2 = tempDir()
    const t = tunekit(['run', experiment(dir2, { trials: 40, target: 0.01 })])
    expect(t.code, t.stderr).toBe(0)
    expect(t.stderr).toMatch(/stopped early: trial \d+ reached the target/)
    const j2 = JSON.parse(tunekit(['report', join(dir2, 'runs/quad.json'), '--format', 'json']).stdout) as {
      trials: { value: number }[]
      stopped?: { reason: string }
    }
    expect(j2.stopped?.reason).toBe('target')
    expect(j2.trials.at(-1)!.value).toBeLessThanOrEqual(0.01)
    expect(j2.trials.slice(0, -1).every((x) => x.value > 0.01)).toBe(true)
  }, 60_000)

  it('"patience": {} takes the benchmarked default of 20 trials', () => {
    const dir = tempDir()
    const exp = parseExperiment(JSON.parse(readFileSync(experiment(dir, { trials: 5, patience: {} }), 'utf8')), join(dir, 'exp.json'))
    expect(exp.budget.patience).toEqual({ trials: DEFAULT_PATIENCE_TRIALS })
    expect(DEFAULT_PATIENCE_TRIALS).toBe(20)
  })

  it('optimize stops on options.stop and on a callback, calling callbacks after every finished trial', async () => {
    const study = await createStudy({ space: { parameters: { x: { type: 'float', low: 0, high: 1 } } }, strategy: { name: 'random', seed: 1 } })
    const seen: number[] = []
    const end = await study.optimize((p) => (p.x as number) ** 2, {
      trials: 100,
      stop: { patience: { trials: 5 } },
      callbacks: [(s, t) => void seen.push(t.number + s.trials.length * 0)],
    })
    expect(end.stopped?.reason).toBe('patience')
    expect(seen).toEqual(study.trials.map((t) => t.number))
    expect(seen.length).toBeLessThan(100)

    const other = await createStudy({ space: { parameters: { x: { type: 'float', low: 0, high: 1 } } }, strategy: { name: 'random', seed: 2 } })
    const byCallback = await other.optimize((p) => p.x as number, {
      trials: 50,
      parallel: 3,
      callbacks: [(s) => (s.trials.filter((t) => t.state === 'complete').length >= 7 ? 'stop' : undefined)],
    })
    expect(byCallback.stopped?.reason).toBe('callback')
    // Running trials finish: at most parallel - 1 more than asked for.
    expect(other.trials.length).toBeGreaterThanOrEqual(7)
    expect(other.trials.length).toBeLessThanOrEqual(9)
    const third = await createStudy({ space: { parameters: { x: { type: 'float', low: 0, high: 1 } } } })
    await expect(third.optimize(() => 1, { trials: 5, callbacks: [(s) => (s.trials.length === 2 ? s.stop() : undefined)] })).resolves.toMatchObject({
      stopped: { reason: 'callback' },
    })
    expect(third.trials.length).toBe(2)
  })
})
