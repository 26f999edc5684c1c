import { describe, expect, it } from 'vitest'
import type { Params, SearchSpaceInput } from '../../src/index.js'
import { ALL_AXES, ALL_AXES_EFFECTIVE, configProblems } from '../helpers/space.js'
import { askSequence } from '../helpers/study.js'

const N = 2000
const LOW = 1e-4
const HIGH = 1
const GEOMETRIC_MEAN = Math.sqrt(LOW * HIGH) // 0.01
// Below the geometric mean with probability 1/2 under log-uniform sampling: the count is Binomial(2000, 0.5),
// standard deviation sqrt(2000 / 4) ≈ 22.4. Four of them is the tolerance. A linear sampler puts about
// (0.01 - 1e-4) / (1 - 1e-4) ≈ 1% below, about 20 of 2000: some 44 standard deviations away.
const TOLERANCE = 4 * Math.sqrt(N / 4)

const logSpace = (log: boolean): SearchSpaceInput => ({ parameters: { lr: { type: 'float', low: LOW, high: HIGH, log } } })
const belowGeometricMean = (draws: readonly Params[]): number => draws.filter((d) => (d.lr as number) < GEOMETRIC_MEAN).length

const counts = <T>(xs: readonly T[]): Map<T, number> => {
  const m = new Map<T, number>()
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1)
  return m
}

for (const name of ['random', 'qmc'] as const) {
  describe(`${name} sampling`, () => {
    it(`puts about half of ${N} log-uniform draws below the geometric mean of the bounds; a linear sampler fails the same check`, async () => {
      const log = await askSequence({ space: logSpace(true), strategy: { name, seed: 5 }, n: N })
      const linear = await askSequence({ space: logSpace(false), strategy: { name, seed: 5 }, n: N })
      expect(Math.abs(belowGeometricMean(log) - N / 2)).toBeLessThanOrEqual(TOLERANCE)
      expect(Math.abs(belowGeometricMean(linear) - N / 2)).toBeGreaterThan(8 * TOLERANCE)
      // Every decade of [1e-4, 1] gets about a quarter under log sampling.
      for (const [a, b] of [
        [1e-4, 1e-3],
        [1e-3, 1e-2],
        [1e-2, 1e-1],
        [1e-1, 1],
      ] as const) {
        const k = log.filter((d) => (d.lr as number) >= a && (d.lr as number) < b).length
        expect(Math.abs(k - N / 4), `decade [${a}, ${b})`).toBeLessThanOrEqual(4 * Math.sqrt((N * 3) / 16))
      }
    })

    it('keeps every value within bounds and on its lattice (float step, int, int step, log int), with every lattice point drawn about equally', async () => {
      const draws = await askSequence({ space: ALL_AXES, strategy: { name, seed: 9 }, n: N })
      for (const d of draws) expect(configProblems(ALL_AXES_EFFECTIVE, d), JSON.stringify(d)).toEqual([])

      const expectUniform = (values: readonly unknown[], lattice: readonly unknown[]): void => {
        const c = counts(values)
        expect([...c.keys()].sort()).toEqual([...lattice].sort())
        const p = 1 / lattice.length
        const sd = Math.sqrt(N * p * (1 - p))
        for (const v of lattice) expect(Math.abs((c.get(v) ?? 0) - N * p), `${String(v)} drawn ${c.get(v) ?? 0} times`).toBeLessThanOrEqual(4.5 * sd)
      }
      expectUniform(
        draws.map((d) => d.f_step),
        [0.1, 0.3, 0.5, 0.7, 0.9],
      )
      expectUniform(
        draws.map((d) => d.i_step),
        [4, 12, 20, 28],
      )
      expectUniform(
        draws.map((d) => d.i),
        [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7],
      )
      expectUniform(
        draws.map((d) => d.c),
        ['a', 2, false],
      )
      expect(new Set(draws.map((d) => d.k))).toEqual(new Set(['fixed']))

      // Log int (Optuna's rule: log-uniform on [low - 0.5, high + 0.5], rounded): P(v <= 31) = log(31.5 / 0.5) / log(1000.5 / 0.5) ≈ 0.545,
      // where a linear sampler gives 0.031.
      const ilog = draws.map((d) => d.i_log as number)
      expect(Math.min(...ilog)).toBe(1)
      expect(Math.max(...ilog)).toBeGreaterThan(500)
      const p31 = Math.log(31.5 / 0.5) / Math.log(1000.5 / 0.5)
      expect(Math.abs(ilog.filter((v) => v <= 31).length - N * p31)).toBeLessThanOrEqual(4 * Math.sqrt(N * p31 * (1 - p31)))

      // Plain floats fill [low, high] evenly: each fifth of f in [-2, 3] gets about 20%.
      for (let k = 0; k < 5; k++) {
        const inBin = draws.filter((d) => (d.f as number) >= -2 + k && (d.f as number) < -1 + k).length
        expect(Math.abs(inBin - N / 5)).toBeLessThanOrEqual(4 * Math.sqrt(N * 0.16))
      }
    })

    it('keeps a narrow log-int range and a one-value range on their bounds', async () => {
      const space: SearchSpaceInput = {
        parameters: {
          a: { type: 'int', low: 2, high: 3, log: true },
          b: { type: 'int', low: 5, high: 5, log: true },
          c: { type: 'float', low: 0.25, high: 0.25, log: true },
          d: { type: 'float', low: 0.5, high: 0.5, step: 0.1 },
        },
      }
      const draws = await askSequence({ space, strategy: { name, seed: 1 }, n: 200 })
      for (const x of draws) expect(configProblems(space, x)).toEqual([])
      expect(new Set(draws.map((x) => x.a))).toEqual(new Set([2, 3]))
    })
  })
}
