import { describe, expect, it } from 'vitest'
import { familyBreakdown, finalRegrets, problemRatios, type Run } from '../../bench/compare.js'
import type { BenchProblem } from '../../bench/problems.js'

const problem = (name: string, optimum = 0): BenchProblem => ({ name, group: 'public', budget: 3, optimum, argmin: {}, space: {}, objective: () => 0 })
const run = (p: string, sampler: string, seed: number, last: number): Run => ({ problem: p, sampler, seed, best_so_far: [9, 9, last] })

// Two smooth problems, one multimodal, one the families do not know.
const PROBLEMS = [problem('branin'), problem('goldstein_price', 3), problem('rastrigin6'), problem('unseen')]
const ours = (values: Record<string, number>): Run[] => Object.entries(values).map(([p, v]) => run(p, 'us', 0, v))
const theirs = (values: Record<string, number>): Run[] => Object.entries(values).map(([p, v]) => run(p, 'them', 0, v))

describe('benchmark comparison', () => {
  it('clamps a final value below the optimum to a regret of 0, as the suite scores it', () => {
    expect(finalRegrets([run('goldstein_price', 'us', 0, 3 - 4e-14), run('goldstein_price', 'us', 1, 5)], 'us', PROBLEMS[1]!)).toEqual([0, 2])
  })

  it('ratios cover only the problems both samplers ran', () => {
    const rs = problemRatios(PROBLEMS, { runs: ours({ branin: 2, rastrigin6: 1 }), sampler: 'us' }, { runs: theirs({ branin: 1 }), sampler: 'them' })
    expect([...rs.keys()]).toEqual(['branin'])
    expect(rs.get('branin')).toBeCloseTo(2, 9)
  })

  it('breaks the verdict down by family: geomean, worst problem, and the rest with the family left out', () => {
    // Ratios: branin 4, goldstein_price 1 (regrets 2 vs 2), rastrigin6 0.25, unseen 1.
    const table = familyBreakdown(PROBLEMS, { runs: ours({ branin: 4, goldstein_price: 5, rastrigin6: 1, unseen: 3 }), sampler: 'us' }, [
      { runs: theirs({ branin: 1, goldstein_price: 5, rastrigin6: 4, unseen: 3 }), sampler: 'them', label: 'them' },
    ])
    const rows = table.split('\n').slice(2)
    expect(rows).toEqual([
      '| all (4) | 1 | branin 4 | – |',
      // smooth: sqrt(4 * 1) = 2; without it: sqrt(0.25 * 1) = 0.5.
      '| smooth (2) | 2 | branin 4 | 0.5 |',
      // multimodal: 0.25; without it: cbrt(4 * 1 * 1) = 1.59.
      '| multimodal (1) | 0.25 | rastrigin6 0.25 | 1.59 |',
      '| other (1) | 1 | unseen 1 | 1 |',
    ])
  })
})
