import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudy, loadStudy, StrategyExhaustedError } from '../../src/index.js'
import { tempDir, tunekit } from '../helpers/cli.js'

const SPACE = { parameters: { x: { type: 'float', low: 0, high: 1 } } } as const

describe('pruning through the API', () => {
  it('an objective that returns after shouldPrune() said yes ends the trial as pruned, with its last reported value', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 1 }, pruner: { name: 'median', startupTrials: 1 } })
    await study.optimize(
      async (p, trial) => {
        for (let step = 1; step <= 5; step++) {
          await trial.report(step, (p.x as number) + 10 * trial.number)
          if (trial.shouldPrune()) return -1 // returns rather than throws
        }
        return (p.x as number) + 10 * trial.number
      },
      { trials: 3 },
    )
    const [first, second, third] = study.trials
    expect(first!.state).toBe('complete')
    for (const t of [second!, third!]) {
      expect(t.state).toBe('pruned')
      expect(t.value).toBe(t.intermediate[t.intermediate.length - 1]!.value)
      expect(t.value).not.toBe(-1)
    }
  })

  it('loadStudy keeps the pruner a study was created with', async () => {
    const storage = join(tempDir(), 's.json')
    const created = await createStudy({ name: 's', space: SPACE, pruner: { name: 'asha', reductionFactor: 2 }, storage })
    await created.close()
    const loaded = await loadStudy({ name: 's', storage })
    expect(loaded.pruner.name).toBe('asha')
    await loaded.close()
  })
})

describe('grid cells of trials cut short', () => {
  it('a cell whose trial was lost with its worker is run again, not counted as taken', async () => {
    const study = await createStudy({ space: { parameters: { c: { type: 'categorical', choices: ['a', 'b', 'c'] } } }, strategy: { name: 'grid', seed: 3 } })
    const first = await study.ask()
    await study.tell(first, { state: 'fail', error: { reason: 'worker lost' } })
    const seen = new Set<unknown>()
    for (let i = 0; i < 3; i++) {
      const t = await study.ask()
      seen.add(t.params.c)
      await study.tell(t, 1)
    }
    expect(seen).toEqual(new Set(['a', 'b', 'c']))
    await expect(study.ask()).rejects.toBeInstanceOf(StrategyExhaustedError)
  })

  it('a cell whose trial failed on its own merits stays taken', async () => {
    const study = await createStudy({ space: { parameters: { c: { type: 'categorical', choices: ['a', 'b'] } } }, strategy: { name: 'grid', seed: 3 } })
    await study.tell(await study.ask(), { state: 'fail', error: 'diverged' })
    await study.tell(await study.ask(), 1)
    await expect(study.ask()).rejects.toBeInstanceOf(StrategyExhaustedError)
  })
})

describe('one store file opened twice at once in one process', () => {
  it('is shared instead of refused as locked', async () => {
    const storage = join(tempDir(), 'shared.json')
    const [a, b] = await Promise.all([createStudy({ name: 'a', space: SPACE, storage }), createStudy({ name: 'b', space: SPACE, storage })])
    await a.tell(await a.ask(), 1)
    await b.tell(await b.ask(), 2)
    await a.close()
    await b.close()
    const again = await loadStudy({ name: 'b', storage })
    expect(again.trials.map((t) => t.value)).toEqual([2])
    await again.close()
  })
})

describe('bad input found by review', () => {
  it('an mlp dataset that does not exist is refused before anything runs or is written (exit 2)', () => {
    const dir = tempDir()
    const file = join(dir, 'exp.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'd',
        space: { parameters: { learning_rate: { type: 'float', low: 0.001, high: 0.01 } } },
        objective: { metric: 'val_loss' },
        trainer: { builtin: 'mlp', options: { dataset: 'data/nope.csv' } },
        budget: { trials: 1 },
      }),
    )
    const r = tunekit(['run', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('/trainer/options/dataset: no such dataset file')
    expect(existsSync(join(dir, 'runs'))).toBe(false)
  })

  it('--fresh on a database store is refused, and --grid-points must be a number', () => {
    const r = tunekit(['run', 'experiments/linreg-lr-init.json', '--storage', 'postgres://nobody@127.0.0.1:1/none', '--fresh'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--fresh moves a store file aside')
    const v = tunekit(['validate', 'search-spaces/example.json', '--grid-points', 'abc'])
    expect(v.code).toBe(2)
    expect(v.stderr).toContain('--grid-points must be an integer')
  })
})
