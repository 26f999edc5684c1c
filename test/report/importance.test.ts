import { describe, expect, it } from 'vitest'
import { parameterImportance } from '../../src/report/importance/ped-anova.js'
import { createRng } from '../../src/util/rng.js'
import type { Params, SearchSpaceInput, StudyRecord, TrialRecord } from '../../src/index.js'

/** Four parameters of every kind: linear float, log float, categorical, and one active only for sgd. */
const space: SearchSpaceInput = {
  parameters: {
    x: { type: 'float', low: -5, high: 5 },
    lr: { type: 'float', low: 1e-5, high: 1, log: true },
    optimizer: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
    momentum: { type: 'float', low: 0, high: 0.99, when: { optimizer: 'sgd' } },
  },
}

function study(direction: 'minimize' | 'maximize' = 'minimize'): StudyRecord {
  return { name: 'synthetic', direction, metric: 'loss', strategy: { name: 'random' }, space, seed: 1, createdAt: '2025-01-01T00:00:00.000Z' }
}

/** A random-search history of n trials whose objective is f(params, noise). */
function history(n: number, f: (p: Params, noise: number) => number, seed = 7): TrialRecord[] {
  const rng = createRng(seed)
  return Array.from({ length: n }, (_, i) => {
    const optimizer = (['sgd', 'adam', 'rmsprop'] as const)[Math.floor(rng() * 3)]!
    const params: Params = { x: -5 + 10 * rng(), lr: Math.exp(Math.log(1e-5) + rng() * Math.log(1e5)), optimizer }
    if (optimizer === 'sgd') params.momentum = 0.99 * rng()
    const value = f(params, rng())
    return {
      number: i,
      state: 'complete',
      params,
      value,
      metrics: { loss: value },
      intermediate: [],
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      seed: i,
      strategy: 'random',
      error: null,
    } satisfies TrialRecord
  })
}

const byName = (r: ReturnType<typeof parameterImportance>) => Object.fromEntries(r.params.map((p) => [p.name, p]))

describe('parameter importance (PED-ANOVA with a permutation null)', () => {
  it('ranks the one parameter that matters (a log parameter) first, by a clear margin', () => {
    // Only lr matters, best near 1e-3 (in log space); a little noise.
    const r = parameterImportance(
      study(),
      history(300, (p, e) => (Math.log10(Number(p.lr)) + 3) ** 2 + 0.1 * e),
    )
    expect(r.params.map((p) => p.name)).toHaveLength(4)
    const [first, second] = r.params
    expect(first!.name).toBe('lr')
    expect(first!.standsOut).toBe(true)
    expect(first!.importance).toBeGreaterThan(0.8)
    expect(first!.divergence).toBeGreaterThan(5 * second!.divergence)
    expect(r.params.filter((p) => p.standsOut).map((p) => p.name)).toEqual(['lr'])
    expect(r.verdict).toMatch(/^lr stands out/)
  })

  it('finds a categorical parameter that matters, whichever the direction', () => {
    const r = parameterImportance(
      study('maximize'),
      history(300, (p, e) => (p.optimizer === 'adam' ? 1 : 0) + 0.3 * e),
    )
    expect(r.params[0]!.name).toBe('optimizer')
    expect(r.params[0]!.importance).toBeGreaterThan(0.8)
  })

  it('judges a conditional parameter only where it is active', () => {
    // momentum matters where it exists (sgd): it stands out, measured over the ~1/3 of trials that use sgd.
    const r = parameterImportance(
      study(),
      history(600, (p, e) => (p.optimizer === 'sgd' ? 4 * (Number(p.momentum) - 0.9) ** 2 : 0.5) + 0.05 * e),
    )
    const m = byName(r).momentum!
    expect(m.activeTrials).toBeGreaterThan(150)
    expect(m.activeTrials).toBeLessThan(250)
    expect(m.standsOut).toBe(true)
    expect(byName(r).x!.standsOut).toBe(false)
    expect(byName(r).lr!.standsOut).toBe(false)
    // sgd is best and momentum is noise: the top set is all sgd, yet momentum must not inherit its parent's effect.
    const parentOnly = parameterImportance(
      study(),
      history(600, (p, e) => (p.optimizer === 'sgd' ? 0 : 1) + 0.5 * e),
    )
    expect(parentOnly.params[0]!.name).toBe('optimizer')
    expect(byName(parentOnly).momentum!.standsOut).toBe(false)
  })

  // The criterion for "no parameter matters": no parameter stands out from chance, that is every permutation
  // p-value is above the significance level (the top set is no more unusual in any parameter than 99 % of random
  // sets), and so every importance is exactly 0: equal, rather than shares of noise.
  it('says that no parameter matters when the objective is noise', () => {
    for (const seed of [1, 2, 3]) {
      const r = parameterImportance(
        study(),
        history(300, (_p, e) => e, seed),
      )
      for (const p of r.params) {
        expect(p.p, `${p.name} (seed ${seed})`).toBeGreaterThan(r.significance)
        expect(p.standsOut).toBe(false)
        expect(p.importance).toBe(0)
      }
      expect(r.verdict).toMatch(/^no parameter stands out/)
    }
  })

  it('declines to rank from too few trials, and ignores failed ones', () => {
    const h = history(8, (p) => Number(p.x))
    expect(parameterImportance(study(), h).params).toEqual([])
    expect(parameterImportance(study(), h).verdict).toMatch(/not enough complete trials/)
    const failed = history(40, (p) => Number(p.x)).map((t) => ({ ...t, state: 'fail' as const, value: null }))
    expect(parameterImportance(study(), failed).trials).toBe(0)
  })

  it('is deterministic', () => {
    const h = history(200, (p, e) => Number(p.x) ** 2 + e)
    expect(parameterImportance(study(), h)).toEqual(parameterImportance(study(), h))
  })
})
