import { describe, expect, it } from 'vitest'
import { createStudy, TunekitError } from '../../src/index.js'
import type { StudyRecord, TrialRecord } from '../../src/index.js'
import { compareExperiments } from '../../src/report/compare.js'
import { hypervolumeHistory } from '../../src/report/pareto.js'
import { reportCsv } from '../../src/report/csv.js'
import { reportJson } from '../../src/report/summary.js'

const SPACE = { parameters: { x: { type: 'float' as const, low: 0, high: 1 } } }

/** A two-objective study told exactly these values (with a constraint on the last one when given). */
async function told(name: string, strategy: string, results: readonly { values: number[]; constraints?: number[] }[]) {
  const study = await createStudy({ name, space: SPACE, direction: ['minimize', 'minimize'], strategy: { name: strategy, seed: 1 } })
  for (const r of results) await study.tell(await study.ask(), r)
  const out = { location: ':memory:', study: study.record, trials: study.trials }
  await study.close()
  return out
}

describe('multi-objective reports', () => {
  it('computes the hypervolume history of the feasible front to a given reference, by hand', () => {
    const study = { name: 's', direction: 'minimize', metric: 'a', directions: ['minimize', 'maximize'], metrics: ['a', 'b'] } as unknown as StudyRecord
    const trial = (number: number, values: number[], constraints?: number[]): TrialRecord =>
      ({
        number,
        state: 'complete',
        params: {},
        value: values[0],
        values,
        ...(constraints ? { constraints } : {}),
        metrics: {},
        intermediate: [],
      }) as unknown as TrialRecord
    // Oriented (b negated): reference (4, 0) means a < 4 and b > 0 count.
    const trials = [trial(0, [1, 2]), trial(1, [2, 3]), trial(2, [0, 9], [1]), trial(3, [1.5, 1]), trial(4, [3, 3.5])]
    const h = hypervolumeHistory(study, trials, [4, 0])
    // [1,2]: 3·2 = 6; + [2,3]: adds (4-2)·(3-2) = 2; infeasible adds nothing; [1.5,1] is dominated; [3,3.5]: adds 1·0.5.
    expect(h.values).toEqual([6, 8, 8, 8, 8.5])
  })

  it('compares multi-objective studies on hypervolume with the usual statistics, and refuses mixed objectives', async () => {
    const good = [
      await told('good-1', 'nsga2', [{ values: [0.1, 0.9] }, { values: [0.5, 0.2] }, { values: [0.9, 0.05] }]),
      await told('good-2', 'nsga2', [{ values: [0.2, 0.8] }, { values: [0.4, 0.3] }, { values: [0.8, 0.1] }]),
    ]
    const poor = [
      await told('poor-1', 'random', [{ values: [0.6, 0.9] }, { values: [0.9, 0.7] }, { values: [0, 0], constraints: [1] }]),
      await told('poor-2', 'random', [{ values: [0.7, 0.8] }, { values: [0.95, 0.6] }, { values: [0.8, 0.75] }]),
    ]
    const c = compareExperiments([...good, ...poor])
    expect(c.direction).toBe('maximize')
    expect(c.metric).toBe('hypervolume')
    expect(c.notes[0]).toMatch(/compared on the hypervolume .* shared reference point/)
    const byName = new Map(c.experiments.map((e) => [e.study, e.best!]))
    expect(byName.get('good-1')!).toBeGreaterThan(byName.get('poor-1')!)
    expect(byName.get('good-2')!).toBeGreaterThan(byName.get('poor-2')!)
    expect(c.groups.map((g) => g.name).sort()).toEqual(['nsga2', 'random'])
    // The curves are hypervolume histories: never decreasing.
    for (const e of c.experiments) for (let i = 1; i < e.curve.length; i++) expect(e.curve[i]!).toBeGreaterThanOrEqual(e.curve[i - 1]!)
    const single = await createStudy({ name: 'one', space: SPACE, strategy: { name: 'random', seed: 1 } })
    await single.tell(await single.ask(), 1)
    const mixed = () => compareExperiments([good[0]!, { location: ':memory:', study: single.record, trials: single.trials }])
    expect(mixed).toThrow(TunekitError)
    expect(mixed).toThrow(/different objectives/)
  })

  it('report JSON: values and bestTrials for multi-objective studies, the single-objective form unchanged', async () => {
    const s = await told('json', 'random', [{ values: [1, 2] }, { values: [2, 1] }, { values: [0, 0], constraints: [0.5] }, { values: [3, 3] }])
    const j = reportJson(s.study, s.trials)
    expect(j.best).toBeNull()
    expect(j.experiment).toMatchObject({ directions: ['minimize', 'minimize'], metrics: ['value0', 'value1'] })
    expect(j.bestTrials?.map((t) => [t.number, t.values])).toEqual([
      [0, [1, 2]],
      [1, [2, 1]],
    ])
    expect(j.trials[2]).toMatchObject({ values: [0, 0], constraints: [0.5] })
    const csv = reportCsv(s.study, s.trials).split('\r\n')
    expect(csv[0]).toMatch(/^number,state,value,value_value0,value_value1,constraint_0,param_x,/)
    expect(csv[3]).toMatch(/^2,complete,0,0,0,0\.5,/)
    const one = await createStudy({ name: 'single', space: SPACE, strategy: { name: 'random', seed: 2 } })
    await one.tell(await one.ask(), 0.5)
    const sj = reportJson(one.record, one.trials)
    expect(Object.keys(sj)).toEqual(['experiment', 'trials', 'best'])
    expect(Object.keys(sj.experiment)).toEqual(['name', 'direction', 'metric', 'strategy', 'space'])
    expect(Object.keys(sj.trials[0]!)).toEqual([
      'number',
      'state',
      'params',
      'value',
      'metrics',
      'intermediate',
      'startedAt',
      'finishedAt',
      'durationMs',
      'error',
    ])
  })
})
