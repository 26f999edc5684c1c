import { describe, expect, it } from 'vitest'
import { compareExperiments, type CompareInput } from '../../src/report/compare.js'
import { compareTable } from '../../src/report/compare-table.js'
import { groupValue } from '../../src/report/group-by.js'
import { createRng } from '../../src/util/rng.js'
import { studyRecord, trialsWithValues } from './helpers.js'

/** A run whose values fall from `start` toward `floor`, with seeded noise. */
function run(strategy: string, seed: number, floor: number, options: { trials?: number; settings?: Record<string, unknown> } = {}): CompareInput {
  const rng = createRng(`${strategy}/${seed}`)
  const values = Array.from({ length: options.trials ?? 20 }, (_, i) => floor * (1 + 0.2 * rng()) + (2 / (i + 1)) * rng())
  return {
    location: `runs/${strategy}.json`,
    study: studyRecord(`${strategy}-${seed}`, { strategy, seed, ...(options.settings ? { settings: options.settings } : {}) }),
    trials: trialsWithValues(values),
  }
}

describe('compareExperiments', () => {
  const tpe = Array.from({ length: 10 }, (_, i) => run('tpe', i, 0.03))
  const random = Array.from({ length: 10 }, (_, i) => run('random', i, 0.11))

  it('states plainly which group beats which', () => {
    const c = compareExperiments([...tpe, ...random])
    expect(c.groups.map((g) => [g.name, g.runs])).toEqual([
      ['tpe', 10],
      ['random', 10],
    ])
    expect(c.tests).toHaveLength(1)
    const t = c.tests[0]!
    expect(t).toMatchObject({ better: 'tpe', worse: 'random', runsBetter: 10, runsWorse: 10, significant: true, method: 'exact' })
    expect(t.statement).toMatch(/^tpe beats random: median 0\.03\d* vs 0\.1\d*, p < 0\.001, 10 runs each$/)
    expect(c.skipped).toEqual([])
  })

  it('says when there is no clear difference', () => {
    const same = Array.from({ length: 5 }, (_, i) => run('qmc', i + 100, 0.11))
    const c = compareExperiments([...random.slice(0, 5), ...same])
    expect(c.tests[0]!.significant).toBe(false)
    expect(c.tests[0]!.statement).toMatch(/^(qmc vs random|random vs qmc): no clear difference \(median [\d.]+ vs [\d.]+, p = [\d.]+, 5 runs each\)$/)
  })

  it('declines to test groups of fewer than 3 runs, and says why', () => {
    const c = compareExperiments([...tpe.slice(0, 2), ...random.slice(0, 4)])
    expect(c.tests).toEqual([])
    expect(c.skipped.map((s) => s.statement)).toEqual([
      'tpe vs random: no test, because tpe has 2 runs with a result; a rank test needs at least 3 runs per group',
    ])
    expect(compareTable(c)).toContain('no test, because tpe has 2 runs')
  })

  it('Holm-adjusts the p-values when it makes several tests', () => {
    const qmc = Array.from({ length: 6 }, (_, i) => run('qmc', i, 0.06))
    const c = compareExperiments([...tpe, ...random, ...qmc])
    expect(c.tests).toHaveLength(3)
    for (const t of c.tests) expect(t.pAdjusted).toBeGreaterThanOrEqual(t.p)
    expect(compareTable(c)).toContain('Holm-adjusted over 3 tests')
  })

  it('summarises each experiment: best, trials to within 1 %, area, wall time, counts', () => {
    const a: CompareInput = { location: 'a.json', study: studyRecord('a'), trials: trialsWithValues([10, 4, null, 1, 1]) }
    const b: CompareInput = { location: 'b.json', study: studyRecord('b'), trials: trialsWithValues([2, 2, 2]) }
    const c = compareExperiments([a, b])
    expect(c.horizon).toBe(3)
    expect(c.bounds).toEqual({ best: 1, worst: 10 })
    const [ea, eb] = c.experiments
    expect(ea).toMatchObject({ label: 'a', best: 1, bestTrial: 3, trials: 5, trialsToWithin1Percent: 4, wallMs: 4500 })
    expect(ea!.counts).toMatchObject({ complete: 4, fail: 1 })
    expect(ea!.area).toBeCloseTo((1 + 3 / 9 + 3 / 9) / 3)
    expect(eb).toMatchObject({ best: 2, trialsToWithin1Percent: null })
    expect(eb!.area).toBeCloseTo(1 / 9)
    expect(c.groups[0]!.band.median).toHaveLength(5)
  })

  it('groups by name, pruner or a settings field', () => {
    const s = studyRecord('x', { strategy: 'tpe', settings: { pruner: { name: 'median' }, trainer: { builtin: 'mlp' }, parallel: 4 } })
    expect(groupValue(s, 'strategy')).toBe('tpe')
    expect(groupValue(s, 'name')).toBe('x')
    expect(groupValue(s, 'pruner')).toBe('median')
    expect(groupValue(studyRecord('y'), 'pruner')).toBe('none')
    expect(groupValue(s, 'trainer.builtin')).toBe('mlp')
    expect(groupValue(s, 'settings.parallel')).toBe('4')
    expect(groupValue(s, 'strategy.seed')).toBe('1')
    const runs = [run('tpe', 1, 0.1, { settings: { lr: 'a' } }), run('tpe', 2, 0.1, { settings: { lr: 'b' } })]
    expect(compareExperiments(runs, { groupBy: 'lr' }).groups.map((g) => g.name)).toEqual(['a', 'b'])
    expect(() => compareExperiments(runs, { groupBy: 'nosuch' })).toThrow(
      /--group-by "nosuch": no experiment has such a field; use strategy, name, pruner, or a settings field \(lr\)/,
    )
  })

  it('labels repeated study names by store, notes mixed groups, refuses mixed directions', () => {
    const one = run('tpe', 1, 0.1)
    const c = compareExperiments([one, { ...one, location: 'other.json' }, { ...one, study: { ...one.study, space: { parameters: {} } } }])
    expect(c.experiments.map((e) => e.label)).toEqual(['tpe-1 (runs/tpe.json)', 'tpe-1 (other.json)', 'tpe-1 (runs/tpe.json) #2'])
    expect(c.notes.join('\n')).toMatch(/group "tpe" mixes runs with different search spaces/)
    const max = { ...one, study: studyRecord('m', { direction: 'maximize' }) }
    expect(() => compareExperiments([one, max])).toThrow(/cannot compare studies that minimize with studies that maximize/)
  })

  it('notes that one group leaves nothing to test', () => {
    const c = compareExperiments(tpe.slice(0, 3))
    expect(c.tests).toEqual([])
    expect(c.notes.join('\n')).toMatch(/every experiment is in one group \(strategy = tpe\)/)
  })
})
