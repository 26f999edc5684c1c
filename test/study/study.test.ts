import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createStudy,
  EXHAUSTED,
  loadStudy,
  registered,
  registerStrategy,
  strategyNames,
  TrialFinishedError,
  TrialPrunedError,
  TunekitError,
  UnknownTrialError,
} from '../../src/index.js'
import type { AskContext, Params, SearchSpaceInput, StrategyFactory } from '../../src/index.js'
import { tempDir } from '../helpers/study.js'

const SPACE: SearchSpaceInput = { parameters: { x: { type: 'float', low: -5, high: 5 }, n: { type: 'int', low: 1, high: 4 } } }
const dir = tempDir()

async function rejection(p: Promise<unknown>): Promise<TunekitError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof TunekitError)) throw new Error(`expected a TunekitError, got ${String(e)}`)
  return e
}

describe('tell', () => {
  it('refuses a trial number the study does not have (UNKNOWN_TRIAL)', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 1 } })
    const none = await rejection(study.tell(0, 1))
    expect(none).toBeInstanceOf(UnknownTrialError)
    expect(none.code).toBe('UNKNOWN_TRIAL')
    await study.ask()
    for (const n of [1, 42, -1]) {
      const e = await rejection(study.tell(n, 1))
      expect(e).toBeInstanceOf(UnknownTrialError)
      expect(e.code).toBe('UNKNOWN_TRIAL')
      expect(e.message).toContain(String(n))
    }
    expect(study.trials).toHaveLength(1)
    expect(study.trials[0]?.state).toBe('running')
  })

  it('refuses a finished trial (TrialFinishedError) and leaves it as it was', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 1 } })
    const t = await study.ask()
    const done = await study.tell(t, 0.5)
    expect(done).toMatchObject({ number: t.number, state: 'complete', value: 0.5 })
    for (const again of [0.1, { state: 'fail' as const }, { state: 'pruned' as const }]) {
      const e = await rejection(study.tell(t, again))
      expect(e).toBeInstanceOf(TrialFinishedError)
      expect(e.code).toBe('TRIAL_FINISHED')
    }
    expect(study.trials[0]).toMatchObject({ state: 'complete', value: 0.5 })
  })

  it('fails a trial told NaN or an infinite value, with a reason', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 1 } })
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const t = await study.ask()
      const r = await study.tell(t, v)
      expect(r.state).toBe('fail')
      expect(r.value).toBeNull()
      expect(r.error?.reason).toBeTruthy()
    }
    expect(study.best).toBeUndefined()
  })

  it('fails a trial whose objective returns NaN inside optimize', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 1 } })
    await study.optimize((p) => (Number(p.n) === 2 ? Number.NaN : 1), { trials: 12 })
    expect(study.trials).toHaveLength(12)
    for (const t of study.trials) expect(t.state).toBe(Number(t.params.n) === 2 ? 'fail' : 'complete')
  })

  it('records fail and pruned outcomes; a pruned trial keeps its last intermediate value', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 1 } })
    const a = await study.ask()
    const b = await study.ask()
    await a.report(0, 3)
    await a.report(1, 2)
    expect((await study.tell(a, { state: 'pruned' })).value).toBe(2)
    const failed = await study.tell(b, { state: 'fail', error: 'out of memory' })
    expect(failed.state).toBe('fail')
    expect(failed.error?.reason).toBe('out of memory')
  })
})

describe('study.best', () => {
  const values = [3, -1, 7, -1, 2]

  it('is the lowest complete value when minimizing (ties: the earliest), ignoring failed and pruned trials', async () => {
    const study = await createStudy({ space: SPACE, direction: 'minimize', strategy: { name: 'random', seed: 2 } })
    expect(study.best).toBeUndefined()
    const trials = []
    for (const v of values) {
      const t = await study.ask()
      trials.push(t)
      await study.tell(t, v)
    }
    const f = await study.ask()
    await study.tell(f, { state: 'fail' })
    const p = await study.ask()
    await p.report(0, -100)
    await study.tell(p, { state: 'pruned' })
    expect(study.best).toEqual({ number: trials[1]!.number, params: trials[1]!.params, value: -1 })
  })

  it('is the highest complete value when maximizing', async () => {
    const study = await createStudy({ space: SPACE, direction: 'maximize', strategy: { name: 'random', seed: 2 } })
    for (const v of values) await study.tell(await study.ask(), v)
    expect(study.best?.value).toBe(7)
    expect(study.best?.number).toBe(2)
  })
})

describe('optimize', () => {
  it('runs every trial with parallel > 1, that many at a time', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 3 } })
    let running = 0
    let most = 0
    const seen: Params[] = []
    await study.optimize(
      async (params) => {
        running++
        most = Math.max(most, running)
        seen.push(params)
        await new Promise((r) => setTimeout(r, 5))
        running--
        return Number(params.x) ** 2
      },
      { trials: 20, parallel: 4 },
    )
    expect(seen).toHaveLength(20)
    expect(study.trials.map((t) => t.number)).toEqual([...Array(20).keys()])
    expect(study.trials.every((t) => t.state === 'complete')).toBe(true)
    expect(most).toBe(4)
    expect(study.best?.value).toBe(Math.min(...seen.map((p) => Number(p.x) ** 2)))
  })

  it('fails the trial and rethrows when the objective throws; with catch it carries on', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 3 } })
    await expect(
      study.optimize(
        () => {
          throw new Error('boom')
        },
        { trials: 5 },
      ),
    ).rejects.toThrow('boom')
    expect(study.trials).toHaveLength(1)
    expect(study.trials[0]).toMatchObject({ state: 'fail' })
    await study.optimize(
      (p) => {
        if (Number(p.n) === 1) throw new Error('n = 1')
        return 1
      },
      { trials: 10, catch: true },
    )
    expect(study.trials).toHaveLength(11)
    expect(study.trials.slice(1).every((t) => t.state === (Number(t.params.n) === 1 ? 'fail' : 'complete'))).toBe(true)
  })

  it('ends a trial as pruned when the objective throws TrialPrunedError', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 3 } })
    await study.optimize(
      async (_p, trial) => {
        await trial.report(0, 9)
        throw new TrialPrunedError()
      },
      { trials: 3 },
    )
    expect(study.trials.map((t) => [t.state, t.value])).toEqual([
      ['pruned', 9],
      ['pruned', 9],
      ['pruned', 9],
    ])
  })
})

describe('strategies by name', () => {
  it('refuses an unknown strategy with UNKNOWN_STRATEGY, listing the names', async () => {
    // @ts-expect-error a literal name must be a built-in's (registered ones go through registered())
    const e = await rejection(createStudy({ space: SPACE, strategy: { name: 'bayes' } }))
    expect(e.code).toBe('UNKNOWN_STRATEGY')
    expect(e.message).toContain('bayes')
    for (const n of ['grid', 'random', 'qmc']) expect(e.message).toContain(n)
  })

  it('refuses bad options with INVALID_OPTIONS, naming the option', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'grid', gridPoints: 0 }, 'gridPoints'],
      [{ name: 'grid', gridPoints: 2.5 }, 'gridPoints'],
      [{ name: 'grid', gridPoint: 3 }, 'gridPoint'],
      [{ name: 'random', gridPoints: 3 }, 'gridPoints'],
      [{ name: 'qmc', scramble: false }, 'scramble'],
      [{ name: 'random', seed: -1 }, 'seed'],
      [{ name: 'random', seed: 'abc' }, 'seed'],
    ]
    for (const [strategy, option] of cases) {
      const e = await rejection(createStudy({ space: SPACE, strategy: strategy as { name: string } }))
      expect(e.code, JSON.stringify(strategy)).toBe('INVALID_OPTIONS')
      expect(e.message).toContain(option)
    }
  })
})

describe('registerStrategy', () => {
  /** A user strategy: walks the int axis upwards from `start`, x fixed at `x`, and is exhausted after the last int. */
  const sweep: StrategyFactory = {
    description: 'n upwards from start, x fixed',
    optionsSchema: {
      type: 'object',
      properties: { start: { type: 'integer', minimum: 1 }, x: { type: 'number' } },
      required: ['start'],
      additionalProperties: false,
    },
    create: (options) => ({
      name: 'int-sweep',
      ask(ctx: AskContext) {
        const n = Number(options.start) + ctx.trials.length
        const p = ctx.space.byName.get('n')
        if (p?.type !== 'int' || n > p.high) return EXHAUSTED
        return { x: Number(options.x ?? 0), n }
      },
    }),
  }

  it('runs a user strategy end to end, by name, with its own options', async () => {
    registerStrategy('int-sweep', sweep)
    expect(strategyNames()).toContain('int-sweep')
    const study = await createStudy({ space: SPACE, strategy: registered({ name: 'int-sweep', start: 2, x: 1.5 }) })
    await study.optimize((p) => Number(p.n) * Number(p.x), { trials: 10 })
    expect(study.trials.map((t) => t.params)).toEqual([
      { x: 1.5, n: 2 },
      { x: 1.5, n: 3 },
      { x: 1.5, n: 4 },
    ])
    expect(study.trials.every((t) => t.strategy === 'int-sweep' && t.state === 'complete')).toBe(true)
    expect(study.best?.value).toBe(3)
    // Its options are validated like the built-ins'.
    expect((await rejection(createStudy({ space: SPACE, strategy: registered({ name: 'int-sweep' }) }))).code).toBe('INVALID_OPTIONS')
    expect((await rejection(createStudy({ space: SPACE, strategy: registered({ name: 'int-sweep', start: 0 }) }))).code).toBe('INVALID_OPTIONS')
    // And an unknown name lists it among the others.
    // @ts-expect-error not a built-in name
    expect((await rejection(createStudy({ space: SPACE, strategy: { name: 'nope' } }))).message).toContain('int-sweep')
  })

  it('refuses an invalid strategy name', () => {
    expect(() => registerStrategy('no spaces', sweep)).toThrow(TunekitError)
  })
})

describe('stored studies', () => {
  it('loadStudy reopens a lowdb study with its space, direction and history', async () => {
    const store = join(dir, 'load.json')
    const study = await createStudy({ name: 's', space: SPACE, direction: 'maximize', strategy: { name: 'qmc', seed: 4 }, storage: store })
    await study.optimize((p) => Number(p.x), { trials: 6 })
    const best = study.best
    await study.close()
    const again = await loadStudy({ storage: store })
    expect(again.name).toBe('s')
    expect(again.direction).toBe('maximize')
    expect(again.trials).toHaveLength(6)
    expect(again.best).toEqual(best)
    await again.optimize((p) => Number(p.x), { trials: 2 })
    expect(again.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    await again.close()
  })

  it('refuses to continue a stored study under other settings (STUDY_MISMATCH)', async () => {
    const store = join(dir, 'mismatch.json')
    const study = await createStudy({ name: 's', space: SPACE, storage: store })
    await study.close()
    expect((await rejection(createStudy({ name: 's', space: SPACE, direction: 'maximize', storage: store }))).code).toBe('STUDY_MISMATCH')
    const other: SearchSpaceInput = { parameters: { x: { type: 'float', low: -5, high: 6 } } }
    expect((await rejection(createStudy({ name: 's', space: other, storage: store }))).code).toBe('STUDY_MISMATCH')
    expect((await rejection(loadStudy({ name: 'nope', storage: store }))).code).toBe('STUDY_NOT_FOUND')
  })
})
