import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudy, StrategyExhaustedError, type TunekitError } from '../../src/index.js'
import { spawnStoreChild } from '../helpers/child.js'
import { CONDITIONAL, conditionalGridSize, configKey, configProblems } from '../helpers/space.js'
import { askSequence, tempDir } from '../helpers/study.js'

const CELLS = conditionalGridSize(1) // 42
const dir = tempDir()

describe('grid strategy', () => {
  it('asks every cell once, then ask throws StrategyExhaustedError', async () => {
    const study = await createStudy({ space: CONDITIONAL, strategy: { name: 'grid', seed: 1, gridPoints: 1 } })
    const seen = new Set<string>()
    for (let i = 0; i < CELLS; i++) {
      const t = await study.ask()
      expect(configProblems(CONDITIONAL, t.params)).toEqual([])
      seen.add(configKey(t.params))
      await study.tell(t, i)
    }
    expect(seen.size).toBe(CELLS)
    const err = await study.ask().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StrategyExhaustedError)
    expect((err as TunekitError).code).toBe('STRATEGY_EXHAUSTED')
    // Asking again changes nothing: no trial was created for the refused ask.
    await expect(study.ask()).rejects.toBeInstanceOf(StrategyExhaustedError)
    expect(study.trials).toHaveLength(CELLS)
  })

  it('counts running trials as taken: cells are exhausted even before any is told', async () => {
    const study = await createStudy({ space: CONDITIONAL, strategy: { name: 'grid', seed: 1, gridPoints: 1 } })
    const asked = []
    for (let i = 0; i < CELLS; i++) asked.push(await study.ask())
    expect(new Set(asked.map((t) => configKey(t.params))).size).toBe(CELLS)
    await expect(study.ask()).rejects.toBeInstanceOf(StrategyExhaustedError)
  })

  it('lets optimize stop cleanly when the grid runs out', async () => {
    const study = await createStudy({ space: CONDITIONAL, strategy: { name: 'grid', seed: 2, gridPoints: 1 } })
    let calls = 0
    await study.optimize(() => ++calls, { trials: 1000 })
    expect(calls).toBe(CELLS)
    expect(study.trials.filter((t) => t.state === 'complete')).toHaveLength(CELLS)
    // A further call finds nothing to do and still resolves.
    await study.optimize(() => ++calls, { trials: 5 })
    expect(calls).toBe(CELLS)
  })

  it('with parallel workers, never hands out a cell twice and stops cleanly', async () => {
    const study = await createStudy({ space: CONDITIONAL, strategy: { name: 'grid', seed: 3, gridPoints: 1 } })
    await study.optimize(
      async (p) => {
        await new Promise((r) => setTimeout(r, 1))
        return Number(p.layers)
      },
      { trials: 1000, parallel: 6 },
    )
    expect(study.trials).toHaveLength(CELLS)
    expect(new Set(study.trials.map((t) => configKey(t.params))).size).toBe(CELLS)
  })

  it('orders the cells by seed: same seed same order, another seed another order', async () => {
    const strategy = (seed: number) => ({ name: 'grid', seed, gridPoints: 3 })
    const n = conditionalGridSize(3)
    const a = await askSequence({ space: CONDITIONAL, strategy: strategy(1), n })
    const b = await askSequence({ space: CONDITIONAL, strategy: strategy(1), n })
    const c = await askSequence({ space: CONDITIONAL, strategy: strategy(2), n })
    expect(b).toEqual(a)
    expect(c.map(configKey)).not.toEqual(a.map(configKey))
    // Both are the whole grid, in a different order.
    expect(new Set(c.map(configKey))).toEqual(new Set(a.map(configKey)))
    expect(new Set(a.map(configKey)).size).toBe(n)
  })

  it('resumed from a lowdb store, continues without repeating a cell until the grid is done', async () => {
    const store = join(dir, 'grid-resume.json')
    const strategy = { name: 'grid', seed: 5, gridPoints: 1 }
    const first = await askSequence({ space: CONDITIONAL, strategy, n: 17, storage: store })
    const study = await createStudy({ space: CONDITIONAL, strategy, storage: store, name: 'seq' })
    expect(study.trials).toHaveLength(17)
    await study.optimize(() => 1, { trials: 1000 })
    const all = study.trials.map((t) => t.params)
    await study.close()
    expect(all.slice(0, 17)).toEqual(first)
    expect(all).toHaveLength(CELLS)
    expect(new Set(all.map(configKey)).size).toBe(CELLS)
  })

  it('runs the cells of trials interrupted by a dead process again, and only those', async () => {
    const store = join(dir, 'grid-crash.json')
    const strategy = { name: 'grid', seed: 6, gridPoints: 1 }
    // The child asks 5 cells, finishes 2, and is killed with 3 running.
    const child = spawnStoreChild('crash', store, { name: 'g', space: CONDITIONAL, strategy, asks: 5, tells: 2 })
    const { params } = await child.ready
    child.proc.kill('SIGKILL')
    await child.exited
    const study = await createStudy({ name: 'g', space: CONDITIONAL, strategy, storage: store })
    await study.optimize(() => 0, { trials: 1000 })
    const trials = study.trials
    await study.close()
    const interrupted = trials.filter((t) => t.state === 'fail')
    expect(interrupted.map((t) => t.number)).toEqual([2, 3, 4])
    expect(interrupted.every((t) => t.error?.reason === 'interrupted')).toBe(true)
    expect(trials.slice(0, 5).map((t) => t.params)).toEqual(params)
    const complete = trials.filter((t) => t.state === 'complete')
    expect(complete).toHaveLength(CELLS)
    expect(new Set(complete.map((t) => configKey(t.params))).size).toBe(CELLS)
    expect(trials).toHaveLength(CELLS + 3)
  })

  it('proposes distinct valid cells of a grid too large to list (decoded cell by cell), conditions included', async () => {
    // 7 * 6 * 3 * 10,000 = 1,260,000 cells: the strategy must not enumerate them.
    const space = { parameters: { ...CONDITIONAL.parameters, wide: { type: 'int' as const, low: 0, high: 9999 } } }
    const t0 = Date.now()
    const a = await askSequence({ space, strategy: { name: 'grid', seed: 1, gridPoints: 3 }, n: 60 })
    const b = await askSequence({ space, strategy: { name: 'grid', seed: 1, gridPoints: 3 }, n: 60 })
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(b).toEqual(a)
    expect(new Set(a.map(configKey)).size).toBe(60)
    for (const c of a) expect(configProblems(space, c), JSON.stringify(c)).toEqual([])
    const lr = new Set(a.map((c) => c.lr))
    expect([...lr].every((v) => v === 0.0001 || v === 0.1 || Math.abs(Number(v) - Math.sqrt(0.0001 * 0.1)) < 1e-12)).toBe(true)
  })
})
