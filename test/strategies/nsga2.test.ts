import { describe, expect, it } from 'vitest'
import { MULTI_PROBLEMS, multiSpace, vectorOf } from '../../bench/multi/problems.js'
import { createStudy } from '../../src/index.js'
import { type Individual, selectPopulation } from '../../src/strategies/nsga2/selection.js'
import { polynomialMutation, sbx } from '../../src/strategies/nsga2/variation.js'
import { createRng } from '../../src/util/rng.js'
import { hypervolume } from '../../src/util/hypervolume.js'

const ind = (values: number[], violation = 0): Individual => ({ vector: new Float64Array([0.5]), values, violation })

describe('nsga2 selection and variation', () => {
  it('keeps feasible fronts whole, truncates the boundary front by crowding distance, and ranks infeasible ones last by violation', () => {
    const pool = [ind([0, 1]), ind([1, 0]), ind([0.5, 0.5]), ind([0.45, 0.55]), ind([2, 2]), ind([-1, -1], 0.5), ind([-2, -2], 0.1)]
    // Front 1 has four points; three places: the two extremes (infinite crowding) and the more isolated middle one.
    const three = selectPopulation(pool, 3)
    expect(three.members.map((m) => m.values)).toEqual([[0, 1], [1, 0], expect.anything()])
    expect(three.rank).toEqual([0, 0, 0])
    const all = selectPopulation(pool, 7)
    expect(all.members.slice(5).map((m) => m.violation)).toEqual([0.1, 0.5])
    expect(all.rank.slice(4)).toEqual([1, 2, 3])
  })

  it('breeds inside the unit box: SBX children between or near their parents, mutation small and bounded', () => {
    const rng = createRng('variation')
    const outside: number[] = []
    let far = 0
    for (let i = 0; i < 2000; i++) {
      const a = rng()
      const b = rng()
      const c = sbx(a, b, 15, rng)
      const y = polynomialMutation(a, 20, rng)
      for (const v of [c, y]) if (!(v >= 0 && v <= 1)) outside.push(v)
      if (Math.abs(y - a) > 0.25) far++
    }
    expect(outside).toEqual([])
    // Polynomial mutation with index 20 rarely moves far.
    expect(far).toBeLessThan(40)
  })

  it('nsga2 and MOTPE beat random search on ZDT1 (median hypervolume of 3 seeds at 100 trials)', async () => {
    const p = MULTI_PROBLEMS[0]!
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!
    const hv = async (name: string, seed: number) => {
      const study = await createStudy({ space: { parameters: multiSpace(p) }, direction: ['minimize', 'minimize'], strategy: { name, seed } })
      const points: number[][] = []
      for (let i = 0; i < 100; i++) {
        const t = await study.ask()
        const f = p.objectives(vectorOf(p, t.params))
        points.push(f)
        await study.tell(t, f)
      }
      return hypervolume(points, p.reference)
    }
    const score = async (name: string) => median(await Promise.all([0, 1, 2].map((s) => hv(name, s))))
    const random = await score('random')
    expect(await score('nsga2')).toBeGreaterThan(random)
    expect(await score('tpe')).toBeGreaterThan(random)
  })
})
