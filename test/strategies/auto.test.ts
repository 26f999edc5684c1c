import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStudy, loadStudy } from '../../src/index.js'
import { parseSpace } from '../../src/space/parse.js'
import type { Params, SearchSpaceInput } from '../../src/space/types.js'
import { createStrategy } from '../../src/strategies/index.js'
import type { TrialRecord } from '../../src/trial/types.js'
import { createRng } from '../../src/util/rng.js'
import { CMAES_AFTER, chooseStrategy } from '../../src/strategies/auto.js'
import { reportCsv } from '../../src/report/csv.js'
import { reportTable } from '../../src/report/table.js'
import { PG_URL, useTestDatabase } from '../helpers/pg.js'

const numeric = parseSpace({ parameters: { x: { type: 'float', low: -1, high: 1 }, n: { type: 'int', low: 1, high: 9 } } })
const mixed = parseSpace({
  parameters: {
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    layers: { type: 'int', low: 1, high: 4 },
    act: { type: 'categorical', choices: ['relu', 'tanh'] },
  },
})
const heavy = parseSpace({
  parameters: {
    a: { type: 'categorical', choices: [1, 2] },
    b: { type: 'categorical', choices: ['u', 'v', 'w'] },
    x: { type: 'float', low: 0, high: 1 },
  },
})
const conditional = parseSpace({
  parameters: {
    opt: { type: 'categorical', choices: ['sgd', 'momentum'] },
    momentum: { type: 'float', low: 0.5, high: 0.99, when: { opt: 'momentum' } },
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    wd: { type: 'float', low: 1e-6, high: 1e-2, log: true },
  },
})

describe("auto's choice", () => {
  it('gp on every space before CMAES_AFTER finished trials', () => {
    for (const space of [numeric, mixed, heavy, conditional]) {
      expect(chooseStrategy(space, 0, true).strategy).toBe('gp')
      expect(chooseStrategy(space, CMAES_AFTER - 1, true).strategy).toBe('gp')
    }
  })
  it('tpe on long studies of conditional or categorical spaces', () => {
    for (const space of [mixed, heavy, conditional]) expect(chooseStrategy(space, CMAES_AFTER, true).strategy).toBe('tpe')
  })
  it("proposes exactly what the chosen strategy proposes (auto's figures on gp's problems are gp's)", () => {
    const grow = (name: string): Params[] => {
      const s = createStrategy({ name })
      const trials: TrialRecord[] = []
      for (let i = 0; i < 14; i++) {
        const params = s.ask({ space: numeric, direction: 'minimize', trials, rng: createRng(`1/ask/${i}`), number: i, seed: 1 }) as Params
        trials.push({ ...blank, number: i, params, value: Number(params.x) ** 2 + Number(params.n) })
      }
      return trials.map((t) => t.params)
    }
    expect(grow('auto')).toEqual(grow('gp'))
  })

  it('hands a numeric study to the registered cmaes once cmaesAfter trials have finished', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'auto', cmaesAfter: 5, seed: 1 } })
    for (let i = 0; i < 9; i++) {
      const t = await study.ask()
      await study.tell(t, Number(t.params.x) ** 2 + Number(t.params.y) ** 2)
    }
    expect(study.trials.map((t) => t.strategy)).toEqual([...Array(5).fill('auto/gp'), ...Array(4).fill('auto/cmaes')])
  })

  it('cmaes after CMAES_AFTER finished trials on numeric spaces when registered, else tpe', () => {
    expect(chooseStrategy(numeric, CMAES_AFTER, true).strategy).toBe('cmaes')
    expect(chooseStrategy(numeric, CMAES_AFTER + 500, true).strategy).toBe('cmaes')
    expect(chooseStrategy(numeric, CMAES_AFTER, false).strategy).toBe('tpe')
  })
})

const blank: TrialRecord = {
  number: 0,
  state: 'complete',
  params: {},
  value: null,
  metrics: {},
  intermediate: [],
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  seed: 0,
  strategy: 'test',
  error: null,
}

const SPACE: SearchSpaceInput = { parameters: { x: { type: 'float', low: -1, high: 1 }, y: { type: 'float', low: -1, high: 1 } } }

async function run(storage: string, name = 'auto'): Promise<void> {
  const study = await createStudy({ name, space: SPACE, storage })
  expect(study.record.strategy.name).toBe('auto')
  for (let i = 0; i < 12; i++) {
    const t = await study.ask()
    await study.tell(t, Number(t.params.x) ** 2 + Number(t.params.y) ** 2)
  }
  await study.close()
}

describe('auto is the default, and each trial records who proposed it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-auto-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('on a lowdb file, kept across a reload, and shown by the reports', async () => {
    const file = join(dir, 'auto.json')
    await run(file)
    const again = await loadStudy({ storage: file })
    const trials = again.trials
    expect(new Set(trials.map((t) => t.strategy))).toEqual(new Set(['auto/gp']))
    expect(reportCsv(again.record, trials).split('\r\n')[0]!.endsWith(',strategy')).toBe(true)
    expect(reportTable(again.record, trials)).toContain('auto/gp')
    await again.close()
  })

  describe.skipIf(!PG_URL)('on PostgreSQL', () => {
    const db = useTestDatabase()
    it('kept in the trials table', async () => {
      await run(db.url(), 'auto-pg')
      const again = await loadStudy({ storage: db.url(), name: 'auto-pg' })
      expect(new Set(again.trials.map((t) => t.strategy))).toEqual(new Set(['auto/gp']))
      await again.close()
    })
  })
})
