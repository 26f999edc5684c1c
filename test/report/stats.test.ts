import { describe, expect, it } from 'vitest'
import { formatP, holmAdjust, mannWhitneyU } from '../../src/report/stats.js'

// Reference p-values from SciPy 1.17 (scipy.stats.mannwhitneyu, two-sided, use_continuity=True).
describe('Mann-Whitney U', () => {
  it('gives exact p-values without ties', () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6])
    expect(r).toMatchObject({ u: 9, nA: 3, nB: 3, method: 'exact', superiority: 1 })
    expect(r.p).toBeCloseTo(0.1, 12)
    const ten = mannWhitneyU(
      [...Array(10).keys()].map((i) => i + 1),
      [...Array(10).keys()].map((i) => i + 11),
    )
    expect(ten.p).toBeCloseTo(1.082508822446903e-5, 15)
    const mixed = mannWhitneyU([0.12, 0.31, 0.05, 0.44, 0.27, 0.09, 0.18], [0.35, 0.51, 0.22, 0.61, 0.48, 0.39])
    expect(mixed.u).toBe(37) // 42 pairs, SciPy's U (wins of the larger values) is 5
    expect(mixed.p).toBeCloseTo(0.022144522144522144, 12)
  })

  it('uses the tie-corrected normal approximation with ties', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 4], [2, 3, 4, 5, 5, 6])
    expect(r.method).toBe('normal')
    expect(r.p).toBeCloseTo(0.07794691458872482, 6)
  })

  it('counts wins in the study direction and is symmetric', () => {
    const a = [0.031, 0.029, 0.04, 0.025, 0.033]
    const b = [0.118, 0.09, 0.13, 0.101, 0.125]
    const min = mannWhitneyU(a, b, 'minimize')
    const max = mannWhitneyU(a, b, 'maximize')
    expect(min.superiority).toBe(1)
    expect(max.superiority).toBe(0)
    expect(min.p).toBeCloseTo(max.p, 12)
    expect(mannWhitneyU(b, a).p).toBeCloseTo(min.p, 12)
  })

  it('says nothing differs when every value is tied', () => {
    expect(mannWhitneyU([1, 1, 1], [1, 1, 1]).p).toBe(1)
  })

  it('agrees with the normal approximation on larger samples', () => {
    const a = Array.from({ length: 40 }, (_, i) => i * 1.1)
    const b = Array.from({ length: 40 }, (_, i) => i * 1.1 + 7.05)
    const exact = mannWhitneyU(a, b)
    expect(exact.method).toBe('exact')
    const tied = mannWhitneyU([...a, 0], [...b, 0]) // one tie forces the approximation
    expect(tied.method).toBe('normal')
    expect(Math.abs(Math.log(exact.p / tied.p))).toBeLessThan(0.5)
  })
})

describe('Holm adjustment and p formatting', () => {
  it('adjusts step-down, keeping order and monotonicity', () => {
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06])
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1])
    expect(holmAdjust([])).toEqual([])
  })

  it('formats p-values as people read them', () => {
    expect(formatP(0.0042)).toBe('p = 0.004')
    expect(formatP(0.041)).toBe('p = 0.041')
    expect(formatP(0.4134)).toBe('p = 0.41')
    expect(formatP(0.0004)).toBe('p < 0.001')
    expect(formatP(1)).toBe('p = 1')
  })
})
