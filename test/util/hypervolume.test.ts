import { describe, expect, it } from 'vitest'
import { hypervolume, nondominated } from '../../src/util/hypervolume.js'
import { createRng } from '../../src/util/rng.js'

/** The exact volume by inclusion-exclusion over every subset (each intersection is the box of the componentwise max). */
function bruteForce(points: number[][], ref: number[]): number {
  const inside = points.filter((p) => p.every((v, k) => v < ref[k]!))
  let total = 0
  for (let mask = 1; mask < 1 << inside.length; mask++) {
    const chosen = inside.filter((_, i) => mask & (1 << i))
    const corner = ref.map((_, k) => Math.max(...chosen.map((p) => p[k]!)))
    const vol = ref.reduce((v, r, k) => v * (r - corner[k]!), 1)
    total += (chosen.length % 2 === 1 ? 1 : -1) * vol
  }
  return total
}

describe('hypervolume', () => {
  it('computes hand-computed 2-D fronts', () => {
    // Staircase (1,3), (2,2), (3,1) under (4,4): 3 + 2 + 1 + the overlaps counted once = 6.
    expect(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
    ).toBe(6)
    // A dominated point and a duplicate change nothing; a point outside the reference box adds nothing.
    expect(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
          [3, 3],
          [2, 2],
          [5, 0],
        ],
        [4, 4],
      ),
    ).toBe(6)
    expect(hypervolume([[0, 0]], [1, 2])).toBe(2)
    expect(hypervolume([], [1, 1])).toBe(0)
  })

  it('computes hand-computed 3-D fronts', () => {
    // Two boxes 2x1x1 and 1x2x1 under (2,2,1) overlapping in a 1x1x1 cube: 2 + 2 - 1 = 3.
    expect(
      hypervolume(
        [
          [0, 1, 0],
          [1, 0, 0],
        ],
        [2, 2, 1],
      ),
    ).toBeCloseTo(3, 12)
    // Three boxes that fill the 2-cube but for the unit cube at its origin corner: 8 - 1.
    const pts = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]
    expect(hypervolume(pts, [2, 2, 2])).toBeCloseTo(bruteForce(pts, [2, 2, 2]), 12)
    expect(hypervolume(pts, [2, 2, 2])).toBeCloseTo(7, 12)
  })

  it('agrees with inclusion-exclusion on random sets in 3 to 5 objectives', () => {
    const rng = createRng('hv')
    for (const m of [3, 4, 5]) {
      for (let trial = 0; trial < 20; trial++) {
        const points = Array.from({ length: 9 }, () => Array.from({ length: m }, () => Math.round(rng() * 20) / 20))
        const ref = Array.from({ length: m }, () => 1.1)
        expect(hypervolume(points, ref)).toBeCloseTo(bruteForce(points, ref), 9)
      }
    }
  })

  it('keeps only points nothing dominates, duplicates once', () => {
    expect(
      nondominated([
        [1, 2],
        [2, 1],
        [2, 2],
        [1, 2],
      ]),
    ).toEqual([
      [1, 2],
      [2, 1],
    ])
  })
})
