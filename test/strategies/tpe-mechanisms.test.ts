import { describe, expect, it } from 'vitest'
import { createRng, createStrategy, parseSpace, TunekitError } from '../../src/index.js'
import type { Params, TrialRecord } from '../../src/index.js'
import { gapWidths } from '../../src/strategies/tpe/bandwidth.js'
import { logDensity } from '../../src/strategies/tpe/density.js'
import { resolveOptions, TPE_DEFAULTS } from '../../src/strategies/tpe/options.js'
import { fitParzen } from '../../src/strategies/tpe/parzen.js'
import { boundBad } from '../../src/strategies/tpe/sampler.js'
import { TIER_COMPLETE, TIER_PENDING, type Observations } from '../../src/strategies/tpe/split.js'
import { trialRecord } from '../helpers/trials.js'

function record(number: number, params: Params, value: number | null, state: TrialRecord['state'] = 'complete'): TrialRecord {
  return trialRecord(number, params, value, state, 'test')
}

describe('tpe: gap bandwidths (Optuna univariate rule)', () => {
  it('gives each kernel the larger gap to its sorted neighbours, the extreme ones their inner gap, clipped below', () => {
    // Observations and, last, the prior's centre 0.5; floor 1/min(100, 8 + 1).
    const w = gapWidths(Float64Array.from([0.1, 0.15, 0.8, 0.3, 0.31, 0.9, 0.05, 0.5]), 1 / 9)
    const want = [1 / 9, 0.15, 0.3, 0.15, 0.19, 1 / 9, 1 / 9, 0.3]
    for (const [i, v] of want.entries()) expect(w[i]).toBeCloseTo(v, 12)
  })

  it('uses the range ends as neighbours only when there is a single centre', () => {
    expect(gapWidths(Float64Array.from([0.2]), 0.01)[0]).toBeCloseTo(0.8, 12)
    const two = gapWidths(Float64Array.from([0.2, 0.6]), 0.01)
    expect([two[0], two[1]]).toEqual([expect.closeTo(0.4, 12), expect.closeTo(0.4, 12)])
  })
})

describe('tpe: kernelNorm', () => {
  it('peak scores a kernel as its density times its width (Optuna 3.1), area as the density', () => {
    const vectors = [Float64Array.of(0.4)]
    const layout = { cont: [0], quantised: [false], disc: [] }
    const base = { priorWeight: 0, bandwidth: 'optuna', bandwidthFactor: 1, clipFactor: 1 } as const
    const area = fitParzen(vectors, [0], Float64Array.of(1), layout, { ...base, kernelNorm: 'area' })
    const peak = fitParzen(vectors, [0], Float64Array.of(1), layout, { ...base, kernelNorm: 'peak' })
    const x = { count: 2, cont: Float64Array.of(0.4, 0.55), disc: new Int32Array(0) }
    const la = new Float64Array(2)
    const lp = new Float64Array(2)
    logDensity(area, x, la)
    logDensity(peak, x, lp)
    for (let i = 0; i < 2; i++) expect(lp[i]! - la[i]!).toBeCloseTo(Math.log(area.sigma[0]!), 10)
  })

  it('keeps true bin masses on a fine integer lattice even with peak (Optuna scores ints by mass)', () => {
    const vectors = [Float64Array.of(0.4)]
    const layout = { cont: [0], quantised: [true], disc: [] }
    const s = { priorWeight: 0, bandwidth: 'optuna', bandwidthFactor: 1, clipFactor: 1 } as const
    const a = fitParzen(vectors, [0], Float64Array.of(1), layout, { ...s, kernelNorm: 'area' })
    const p = fitParzen(vectors, [0], Float64Array.of(1), layout, { ...s, kernelNorm: 'peak' })
    expect(Array.from(p.base)).toEqual(Array.from(a.base))
  })
})

describe('tpe: preset optuna', () => {
  it("sets Optuna 3.1's defaults, and options given beside it win", () => {
    const o = resolveOptions({ preset: 'optuna' })
    expect(o).toMatchObject({
      multivariate: false,
      bandwidth: 'gaps',
      clipFactor: 1,
      kernelNorm: 'peak',
      weights: 'recent',
      constantLiar: false,
      candidates: 24,
    })
    expect(resolveOptions({ preset: 'optuna', candidates: 48 }).candidates).toBe(48)
    expect(resolveOptions({})).toMatchObject({ ...TPE_DEFAULTS })
    expect(() => createStrategy({ name: 'tpe', preset: 'hyperopt' })).toThrow(TunekitError)
  })

  it('proposes differently from the defaults once past start-up', () => {
    const space = parseSpace({ parameters: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } })
    const rng = createRng('h')
    const trials = Array.from({ length: 30 }, (_, i) => {
      const p = { x: rng(), y: rng() }
      return record(i, p, (p.x - 0.3) ** 2 + (p.y - 0.7) ** 2)
    })
    const ask = (options: Record<string, unknown>) =>
      createStrategy({ name: 'tpe', ...options }).ask({ space, direction: 'minimize', trials, rng: createRng('a'), number: 30, seed: 1 })
    expect(ask({ preset: 'optuna' })).not.toEqual(ask({}))
    expect(ask({ preset: 'optuna' })).toEqual(ask({ preset: 'optuna' }))
  })
})

describe('tpe: long histories', () => {
  const obs = (tiers: number[]): Observations => ({
    vectors: tiers.map(() => Float64Array.of(0)),
    numbers: tiers.map((_, i) => i),
    tiers,
    scores: tiers.map((_, i) => i),
    finished: tiers.filter((t) => t !== TIER_PENDING).length,
  })

  it('fits g(x) on at most maxBad observations, spread evenly through the history, pending ones always kept', () => {
    const tiers = Array.from({ length: 5000 }, (_, i) => (i % 1000 === 7 ? TIER_PENDING : TIER_COMPLETE))
    const bad = tiers.map((_, i) => i)
    const kept = boundBad(obs(tiers), bad, 100)
    expect(kept).toHaveLength(100)
    for (let i = 7; i < 5000; i += 1000) expect(kept).toContain(i)
    expect(kept).toEqual([...kept].sort((a, b) => a - b))
    // Even spread: every fifth of the history holds about a fifth of what is kept.
    for (let q = 0; q < 5; q++) expect(kept.filter((r) => r >= q * 1000 && r < (q + 1) * 1000).length).toBeGreaterThanOrEqual(18)
    expect(boundBad(obs(tiers.slice(0, 50)), bad.slice(0, 50), 100)).toEqual(bad.slice(0, 50))
  })

  it('gives one instance the proposals of a fresh one after a record of its last history was replaced (the memo checks identity)', () => {
    const space = parseSpace({ parameters: { x: { type: 'float', low: 0, high: 1 } } })
    const rng = createRng('m')
    const a = Array.from({ length: 40 }, (_, i) => record(i, { x: rng() }, i % 7))
    const b = a.slice()
    b[3] = record(3, a[3]!.params, -100)
    b[10] = record(10, a[10]!.params, null, 'running')
    const ctx = (trials: TrialRecord[]) => ({ space, direction: 'minimize' as const, trials, rng: createRng('a'), number: 40, seed: 1 })
    const warm = createStrategy({ name: 'tpe' })
    warm.ask(ctx(a))
    expect(warm.ask(ctx(b))).toEqual(createStrategy({ name: 'tpe' }).ask(ctx(b)))
    expect(createStrategy({ name: 'tpe' }).ask(ctx(b))).not.toEqual(createStrategy({ name: 'tpe' }).ask(ctx(a)))
  })
})
