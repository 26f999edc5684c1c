import { describe, expect, it } from 'vitest'
import { contributionWeights, greedyContribution, multiObjectiveOrder } from '../../src/strategies/tpe/multi.js'
import type { TrialRecord } from '../../src/index.js'
import { parseSpace } from '../../src/space/parse.js'
import { createStrategy } from '../../src/strategies/index.js'
import { SpaceCodec } from '../../src/strategies/tpe/encode.js'
import { collectObservations, splitGoodBad } from '../../src/strategies/tpe/split.js'
import { nondominatedFronts } from '../../src/trial/pareto.js'
import { hypervolume } from '../../src/util/hypervolume.js'
import { createRng } from '../../src/util/rng.js'

function cloud(n: number, m: number, seed: string): number[][] {
  const rng = createRng(seed)
  // Rounded, so that ties and duplicates occur.
  return Array.from({ length: n }, () => Array.from({ length: m }, () => Math.round(rng() * 20) / 20))
}

describe('MOTPE good set', () => {
  it('ranks whole non-domination fronts first, as the reference fast non-dominated sort does (2 and 3 objectives)', () => {
    for (const m of [2, 3]) {
      const points = cloud(120, m, `fronts/${m}`)
      const fronts = nondominatedFronts(points)
      // A good set that ends exactly at the end of the second front takes fronts 1 and 2 whole.
      const size = fronts[0]!.length + fronts[1]!.length
      const { ranked } = multiObjectiveOrder(points, new Array(points.length).fill(0), size, m)
      expect(new Set(ranked.slice(0, fronts[0]!.length))).toEqual(new Set(fronts[0]))
      expect(new Set(ranked.slice(fronts[0]!.length, size))).toEqual(new Set(fronts[1]))
    }
  })

  it('puts feasible points first and infeasible ones by violation', () => {
    const points = [
      [0, 0],
      [1, 1],
      [2, 2],
      [0.5, 0.5],
    ]
    const { ranked } = multiObjectiveOrder(points, [3, 0, 1, 0], 4, 2)
    expect(ranked).toEqual([3, 1, 2, 0])
  })

  it('fills the boundary front greedily by hypervolume contribution (checked by brute force)', () => {
    const rng = createRng('hssp')
    // A 3-objective front: points on the positive octant of the unit sphere.
    const front = Array.from({ length: 30 }, () => {
      const v = [rng() + 0.01, rng() + 0.01, rng() + 0.01]
      const r = Math.hypot(...v)
      return v.map((x) => x / r)
    })
    const k = 6
    const chosen = greedyContribution(front, k)
    const ref = [0, 1, 2].map((j) => Math.max(...front.map((p) => p[j]!)) * 1.1)
    // Brute-force greedy: at each step the point that adds most hypervolume.
    const brute: number[] = []
    for (let step = 0; step < k; step++) {
      let best = -1
      let gain = -1
      for (let i = 0; i < front.length; i++) {
        if (brute.includes(i)) continue
        const g = hypervolume([...brute.map((b) => front[b]!), front[i]!], ref)
        if (g > gain + 1e-15) {
          gain = g
          best = i
        }
      }
      brute.push(best)
    }
    expect(chosen).toEqual(brute)
  })

  it('weights each good point by its exclusive hypervolume, the largest 1, none 0', () => {
    const w = contributionWeights([
      [0, 1],
      [0.5, 0.5],
      [1, 0],
      [0.5, 0.5],
    ])
    // The duplicate pair adds nothing alone: weight ~0 (EPS), never exactly 0.
    expect(w[1]).toBeGreaterThan(0)
    expect(w[1]).toBeLessThan(1e-9)
    expect(Math.max(...w)).toBe(1)
    expect(w[0]).toBeCloseTo(w[2]!, 12)
  })
})

describe('single-objective tpe with constraints', () => {
  it('ranks trials that break a constraint after every feasible one, by violation; trials told none as before', () => {
    const codec = new SpaceCodec(parseSpace({ parameters: { x: { type: 'float', low: 0, high: 1 } } }, '<test>'))
    const trial = (number: number, value: number, constraints?: number[]) =>
      ({
        number,
        state: 'complete',
        params: { x: number / 10 },
        value,
        ...(constraints ? { constraints } : {}),
        metrics: {},
        intermediate: [],
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        seed: 0,
        strategy: 't',
        error: null,
      }) as const
    const trials = [trial(0, 5), trial(1, 0, [2]), trial(2, 1, [-1]), trial(3, -1, [0.5]), trial(4, 3)]
    const obs = collectObservations(trials, 'minimize', codec, false)
    const { good } = splitGoodBad(obs, [0, 1, 2, 3, 4], 4)
    // Feasible 2 (1), 4 (3), 0 (5), then the infeasible one breaking least (3: 0.5), not 1 (2).
    expect(good.map((r) => obs.numbers[r])).toEqual([0, 2, 3, 4])
  })
})

describe('MOTPE state across asks', () => {
  it('proposes with its kept order exactly what a fresh strategy proposes from the same history', () => {
    const space = parseSpace({ parameters: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } }, '<test>')
    const kept = createStrategy({ name: 'tpe', seed: 1 })
    const trials: TrialRecord[] = []
    for (let i = 0; i < 60; i++) {
      const ctx = { space, direction: 'minimize' as const, directions: ['minimize', 'minimize'] as const, trials, rng: createRng(`k/${i}`), number: i, seed: 1 }
      const p = kept.ask(ctx)
      expect(createStrategy({ name: 'tpe', seed: 1 }).ask({ ...ctx, rng: createRng(`k/${i}`) })).toEqual(p)
      const x = (p as { x: number }).x
      const y = (p as { y: number }).y
      const values = [x, 1 - Math.sqrt(x) + y]
      trials.push({
        number: i,
        state: i % 11 === 5 ? 'fail' : 'complete',
        params: p as Record<string, number>,
        value: values[0]!,
        values,
        ...(i % 4 === 0 ? { constraints: [y - 0.5] } : {}),
        metrics: {},
        intermediate: [],
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        seed: i,
        strategy: 'tpe',
        error: null,
      })
    }
  })
})
