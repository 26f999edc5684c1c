import { describe, expect, it } from 'vitest'
import { constrainedDominates, crowdingDistance, dominates, nondominatedFronts, violation } from '../../src/trial/pareto.js'

describe('Pareto dominance', () => {
  it('dominates only when no worse anywhere and better somewhere', () => {
    expect(dominates([1, 2], [2, 2])).toBe(true)
    expect(dominates([1, 2], [1, 2])).toBe(false)
    expect(dominates([1, 3], [2, 2])).toBe(false)
  })

  it('sorts into fronts', () => {
    const values = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [5, 5],
      [2, 5],
    ]
    expect(nondominatedFronts(values)).toEqual([[0, 1, 2], [3, 5], [4]])
  })

  it('puts feasible before infeasible, and infeasible by how much they break the constraints', () => {
    expect(violation([-1, 0])).toBe(0)
    expect(violation([0.5, -2, 1])).toBe(1.5)
    expect(violation(undefined)).toBe(0)
    expect(constrainedDominates([9, 9], 0, [0, 0], 0.1)).toBe(true)
    expect(constrainedDominates([0, 0], 0.1, [9, 9], 0)).toBe(false)
    expect(constrainedDominates([9, 9], 0.1, [0, 0], 0.2)).toBe(true)
    const values = [
      [0, 0],
      [1, 1],
      [2, 0],
      [3, 3],
    ]
    // The best objectives break a constraint: the feasible points come first.
    expect(nondominatedFronts(values, [1, 0, 0, 0.5])).toEqual([[1, 2], [3], [0]])
  })

  it('gives the extremes of a front infinite crowding distance and the rest their normalised neighbour gaps', () => {
    const d = crowdingDistance([
      [0, 4],
      [1, 2],
      [4, 0],
    ])
    expect(d[0]).toBe(Number.POSITIVE_INFINITY)
    expect(d[2]).toBe(Number.POSITIVE_INFINITY)
    expect(d[1]).toBeCloseTo(4 / 4 + 4 / 4, 12)
  })
})
