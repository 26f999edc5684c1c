import { describe, expect, it } from 'vitest'
import { decompose, forestImportance } from '../../src/report/importance/fanova.js'
import { parameterImportance } from '../../src/report/importance/ped-anova.js'
import { createRng } from '../../src/util/rng.js'
import type { StudyRecord, TrialRecord } from '../../src/index.js'
import { studyRecord, trialsWithValues } from './helpers.js'

function study(): StudyRecord {
  return {
    ...studyRecord('fanova'),
    space: {
      parameters: {
        lr: { type: 'float', low: 1e-5, high: 1, log: true },
        x: { type: 'float', low: -5, high: 5 },
        noise: { type: 'float', low: 0, high: 1 },
        opt: { type: 'categorical', choices: ['sgd', 'adam'] },
      },
    },
  }
}

/** Trials of f over random points of the study's space. */
function sampled(n: number, f: (p: { lr: number; x: number; noise: number; opt: string }) => number): TrialRecord[] {
  const rng = createRng(7)
  const base = trialsWithValues(Array.from({ length: n }, () => 0))
  return base.map((t) => {
    const p = { lr: 10 ** (-5 + 5 * rng()), x: -5 + 10 * rng(), noise: rng(), opt: rng() < 0.5 ? 'sgd' : 'adam' }
    const v = f(p)
    return { ...t, params: p, value: v, metrics: { loss: v } }
  })
}

describe('fANOVA on a random forest', () => {
  it('splits a tree exactly: an additive function of two dimensions gives each its own variance', () => {
    // f(x, y) = [x > 0.5] + 2 [y > 0.5] on four equal leaves: variances 1/4 and 1, total 5/4.
    const leaf = (lo: number[], hi: number[], value: number) => ({ lo: Float64Array.from(lo), hi: Float64Array.from(hi), value })
    const shares = decompose([leaf([0, 0], [0.5, 0.5], 0), leaf([0.5, 0], [1, 0.5], 1), leaf([0, 0.5], [0.5, 1], 2), leaf([0.5, 0.5], [1, 1], 3)], 2)!
    expect(shares[0]).toBeCloseTo(0.2, 10)
    expect(shares[1]).toBeCloseTo(0.8, 10)
  })

  it('finds the parameter that drives the objective, in log space, and gives noise almost nothing', () => {
    const trials = sampled(200, (p) => (Math.log10(p.lr) + 3) ** 2 + 0.05 * p.x ** 2)
    const f = forestImportance(study(), trials)
    expect(f.trials).toBe(200)
    expect(f.params[0]!.name).toBe('lr')
    expect(f.params[0]!.importance).toBeGreaterThan(0.7)
    const noise = f.params.find((p) => p.name === 'noise')!
    expect(noise.importance).toBeLessThan(0.05)
    expect(f.params.reduce((s, p) => s + p.importance, 0)).toBeLessThanOrEqual(1 + 1e-9)
  })

  it('credits a smooth effect that PED-ANOVA, looking only at the best 10 %, may not single out', () => {
    const trials = sampled(60, (p) => p.x + 0.2 * p.noise)
    const f = forestImportance(study(), trials)
    expect(f.params[0]).toMatchObject({ name: 'x' })
    expect(parameterImportance(study(), trials).params.length).toBeGreaterThan(0)
  })

  it('fits nothing below 10 complete trials and leaves out a parameter some trial lacks', () => {
    expect(
      forestImportance(
        study(),
        sampled(5, (p) => p.x),
      ).params.every((p) => p.importance === 0),
    ).toBe(true)
    const trials = sampled(40, (p) => p.x).map((t, i) => (i === 0 ? { ...t, params: { lr: t.params.lr!, x: t.params.x! } } : t))
    const f = forestImportance(study(), trials)
    expect([...f.skipped].sort()).toEqual(['noise', 'opt'])
  })
})
