import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudy, loadStudy, MultiObjectiveError, TunekitError } from '../../src/index.js'
import type { SearchSpaceInput } from '../../src/index.js'
import { tempDir } from '../helpers/study.js'

const SPACE: SearchSpaceInput = { parameters: { x: { type: 'float', low: 0, high: 1 } } }
const dir = tempDir()

async function rejection(p: Promise<unknown>): Promise<TunekitError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof TunekitError)) throw new Error(`expected a TunekitError, got ${String(e)}`)
  return e
}

describe('multi-objective studies', () => {
  it('takes a list of values per trial, fails a wrong count or a non-finite value, and keeps the lists', async () => {
    const study = await createStudy({ space: SPACE, direction: ['minimize', 'maximize'], metric: ['loss', 'accuracy'], strategy: { name: 'random', seed: 1 } })
    expect(study.directions).toEqual(['minimize', 'maximize'])
    expect(study.record).toMatchObject({ direction: 'minimize', metric: 'loss', directions: ['minimize', 'maximize'], metrics: ['loss', 'accuracy'] })
    const told = []
    for (const result of [[1, 2], [1], [1, 2, 3], [1, Number.NaN], 5, { values: [0.5, 0.25], constraints: [-1] }] as const) {
      told.push(await study.tell(await study.ask(), result))
    }
    expect(told.map((t) => t.state)).toEqual(['complete', 'fail', 'fail', 'fail', 'fail', 'complete'])
    expect(told[0]).toMatchObject({ value: 1, values: [1, 2] })
    expect(told[1]!.error).toMatchObject({ reason: 'wrong number of values', message: 'the study has 2 objectives but was told 1 value' })
    expect(told[3]!.error?.reason).toBe('non-finite value')
    expect(told[5]).toMatchObject({ values: [0.5, 0.25], constraints: [-1] })
    await study.close()
  })

  it('bestTrials is the feasible Pareto front; best throws a typed error pointing to it', async () => {
    const study = await createStudy({ space: SPACE, direction: ['minimize', 'minimize'], strategy: { name: 'random', seed: 2 } })
    const results = [
      { values: [1, 4] }, // front
      { values: [2, 2] }, // front
      { values: [3, 3] }, // dominated by [2, 2]
      { values: [0, 0], constraints: [0.5] }, // would dominate all, but infeasible
      { values: [4, 1], constraints: [0, -2] }, // front (feasible: <= 0)
      { values: [2, 2] }, // equal to a front member: kept
    ]
    for (const r of results) await study.tell(await study.ask(), r)
    expect(study.bestTrials.map((t) => t.number)).toEqual([0, 1, 4, 5])
    expect(() => study.best).toThrow(MultiObjectiveError)
    try {
      void study.best
    } catch (e) {
      expect((e as TunekitError).code).toBe('MULTI_OBJECTIVE')
      expect((e as Error).message).toMatch(/study\.bestTrials/)
    }
    await study.close()
  })

  it('orients maximised objectives, and runs optimize with an objective returning lists', async () => {
    const study = await createStudy({ space: SPACE, direction: ['maximize', 'minimize'], strategy: { name: 'random', seed: 3 } })
    await study.optimize((p) => [p.x as number, (p.x as number) ** 2 + 0.1], { trials: 8 })
    // Both objectives rise with x, so every trial trades one for the other: all are on the front.
    expect(study.bestTrials).toHaveLength(8)
    await study.close()
  })

  it('single-objective studies accept { value, constraints }; best is the best feasible trial', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 4 } })
    await study.tell(await study.ask(), { value: 0.1, constraints: [1] })
    await study.tell(await study.ask(), { value: 0.5, constraints: [-1] })
    await study.tell(await study.ask(), 0.7)
    expect(study.best?.value).toBe(0.5)
    expect(study.trials[0]).toMatchObject({ value: 0.1, constraints: [1] })
    expect(study.trials[0]!.values).toBeUndefined()
    expect(study.bestTrials.map((t) => t.number)).toEqual([1])
    await study.close()
  })

  it('refuses a pruner, mismatched metric names, and continuing a stored study with other objectives', async () => {
    const pruned = await rejection(createStudy({ space: SPACE, direction: ['minimize', 'minimize'], pruner: { name: 'median' } }))
    expect(pruned.code).toBe('INVALID_OPTIONS')
    expect(pruned.message).toMatch(/median pruner cannot prune a multi-objective study/)
    const names = await rejection(createStudy({ space: SPACE, direction: ['minimize', 'minimize'], metric: ['a'] }))
    expect(names.message).toMatch(/1 name for 2 directions/)
    const path = join(dir, 'mo.json')
    const a = await createStudy({ space: SPACE, direction: ['minimize', 'minimize'], storage: path })
    await a.tell(await a.ask(), [1, 2])
    await a.close()
    expect((await rejection(createStudy({ space: SPACE, storage: path }))).code).toBe('STUDY_MISMATCH')
    const b = await loadStudy({ storage: path })
    expect(b.directions).toEqual(['minimize', 'minimize'])
    expect(b.trials[0]).toMatchObject({ values: [1, 2] })
    await b.close()
  })

  it('opens a single-objective store written before value lists existed, as before', async () => {
    const path = join(dir, 'old.json')
    const study = {
      name: 'old',
      direction: 'maximize',
      metric: 'acc',
      strategy: { name: 'random', seed: 1 },
      space: SPACE,
      seed: 1,
      createdAt: '2024-01-01T00:00:00.000Z',
    }
    const trial = (number: number, value: number) => ({
      number,
      state: 'complete',
      params: { x: value / 2 },
      value,
      metrics: { acc: value },
      intermediate: [],
      startedAt: '2024-01-01T00:00:01.000Z',
      finishedAt: '2024-01-01T00:00:02.000Z',
      durationMs: 1000,
      seed: number,
      strategy: 'random',
      error: null,
    })
    writeFileSync(path, `${JSON.stringify({ version: 1, studies: [{ study, trials: [trial(0, 0.5), trial(1, 0.75)] }] })}\n`)
    const s = await loadStudy({ storage: path })
    expect(s.directions).toEqual(['maximize'])
    expect(s.best).toMatchObject({ number: 1, value: 0.75 })
    expect(s.bestTrials.map((t) => t.number)).toEqual([1])
    await s.tell(await s.ask(), 0.9)
    expect(s.trials[2]).toMatchObject({ value: 0.9 })
    expect('values' in s.trials[2]!).toBe(false)
    await s.close()
  })
})
