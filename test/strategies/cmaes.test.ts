import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudy, type Params, type SearchSpaceInput } from '../../src/index.js'
import { parseSpace } from '../../src/space/parse.js'
import type { CmaesStrategy } from '../../src/strategies/cmaes/index.js'
import { createStrategy, strategyIssues } from '../../src/strategies/index.js'
import type { TrialRecord } from '../../src/trial/types.js'
import { createRng } from '../../src/util/rng.js'
import { ALL_AXES, configKey } from '../helpers/space.js'
import { askSequence, tempDir } from '../helpers/study.js'
import { trialRecord } from '../helpers/trials.js'

const SEED = 5

function floats(d: number, low = -5, high = 5): SearchSpaceInput {
  return { parameters: Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float' as const, low, high }])) }
}

function record(number: number, params: Params, value: number | null, state: TrialRecord['state'] = 'complete'): TrialRecord {
  return trialRecord(number, params, value, state, 'cmaes')
}

/** Runs the strategy directly (no store) on f for n trials; returns the strategy, the history and the best value. */
function minimise(input: SearchSpaceInput, f: (p: Params) => number, n: number, options: Record<string, unknown> = {}) {
  const space = parseSpace(input)
  const strategy = createStrategy({ name: 'cmaes', ...options }) as CmaesStrategy
  const trials: TrialRecord[] = []
  let best = Infinity
  for (let i = 0; i < n; i++) {
    const p = strategy.ask({ space, direction: 'minimize', trials, rng: createRng(i), number: i, seed: SEED }) as Params
    const v = f(p)
    best = Math.min(best, v)
    trials.push(record(i, p, v))
  }
  return { strategy, space, trials, best, state: strategy.rebuild({ space, direction: 'minimize', trials, seed: SEED }).state }
}

const vec = (p: Params, d: number) => Array.from({ length: d }, (_, i) => p[`x${i}`] as number)

/** An orthogonal matrix: a product of Givens rotations by fixed angles. */
function rotation(d: number): number[][] {
  const r: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)))
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      const t = 0.7 + 0.3 * a + 0.11 * b
      for (const row of r) {
        const [u, v] = [row[a]!, row[b]!]
        row[a] = Math.cos(t) * u - Math.sin(t) * v
        row[b] = Math.sin(t) * u + Math.cos(t) * v
      }
    }
  }
  return r
}

describe('cmaes: convergence', () => {
  it('finds the optimum of a 5-D sphere to 1e-6 within 700 trials', () => {
    const { best, state } = minimise(floats(5), (p) => vec(p, 5).reduce((a, x, i) => a + (x - 1 + 0.3 * i) ** 2, 0), 700)
    expect(best).toBeLessThan(1e-6)
    expect(state.restart).toBe(0)
  })

  it('finds the optimum of a rotated ellipsoid (condition 1e4) to 1e-6 within 1,600 trials', () => {
    const d = 5
    const R = rotation(d)
    const f = (p: Params) => {
      const x = vec(p, d).map((v) => v - 0.7)
      return R.reduce((acc, row, i) => acc + 1e4 ** (i / (d - 1)) * row.reduce((s, r, j) => s + r * x[j]!, 0) ** 2, 0)
    }
    expect(minimise(floats(d), f, 1600).best).toBeLessThan(1e-6)
  })

  it('restarts on Rastrigin with a larger population once a run has converged on a local minimum', () => {
    const rastrigin = (p: Params) => vec(p, 2).reduce((a, x) => a + 10 + x * x - 10 * Math.cos(2 * Math.PI * x), 0)
    const { state } = minimise(floats(2, -5.12, 5.12), rastrigin, 1200)
    expect(state.restart).toBeGreaterThanOrEqual(1)
    expect(state.stoppedBy).toBeDefined()
    expect(state.lambda).toBeGreaterThan(6)
    const none = minimise(floats(2, -5.12, 5.12), rastrigin, 1200, { restarts: 'none' }).state
    expect(none.restart).toBe(0)
  })
})

describe('cmaes: discrete and categorical axes', () => {
  const ints: SearchSpaceInput = {
    parameters: {
      a: { type: 'int', low: 0, high: 20 },
      b: { type: 'int', low: 1, high: 64, log: true },
      c: { type: 'float', low: 0, high: 1, step: 0.1 },
      x: { type: 'float', low: -1, high: 1 },
    },
  }
  const f = (p: Params) => ((p.a as number) - 13) ** 2 + Math.log2(p.b as number) + ((p.c as number) - 0.3) ** 2 + (p.x as number) ** 2

  it('keeps integer and stepped axes moving after the continuous one has converged (margin correction)', () => {
    const { trials, best } = minimise(ints, f, 600)
    expect(best).toBeLessThan(1e-3)
    const last = trials.slice(-60)
    for (const name of ['a', 'b', 'c']) expect(new Set(last.map((t) => t.params[name])).size, name).toBeGreaterThan(1)
    // The continuous axis has converged by then, far below one lattice step.
    const xs = last.map((t) => t.params.x as number)
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(0.05)
  })

  it('learns the probabilities of categorical choices from the good trials of each generation', () => {
    const space: SearchSpaceInput = {
      parameters: {
        opt: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop', 'adagrad'] },
        lr: { type: 'float', low: 1e-4, high: 1, log: true },
        momentum: { type: 'float', low: 0, high: 1, when: { opt: 'sgd' } },
      },
    }
    const loss = (p: Params) => (p.opt === 'rmsprop' ? 0 : 1) + Math.log10(p.lr as number) ** 2 / 10
    const { state, trials } = minimise(space, loss, 150)
    expect(state.probs[0]![2]).toBeGreaterThan(0.6)
    expect(trials.slice(-30).filter((t) => t.params.opt === 'rmsprop').length).toBeGreaterThan(15)
    // No choice is ruled out.
    for (const p of state.probs[0]!) expect(p).toBeGreaterThan(0)
  })
})

describe('cmaes: a pure function of the history', () => {
  it('gives from its cache exactly what a full replay gives, also when an earlier trial finishes late', () => {
    const space = parseSpace(ALL_AXES)
    const cached = createStrategy({ name: 'cmaes' }) as CmaesStrategy
    const trials: TrialRecord[] = []
    const loss = (p: Params) => (configKey(p).length % 7) + Number(p.lr ?? 0)
    for (let i = 0; i < 160; i++) {
      const ctx = { space, direction: 'minimize' as const, trials, rng: createRng(i), number: i, seed: SEED }
      const p = cached.ask(ctx) as Params
      if (i % 40 === 0 || i > 154) {
        const fresh = (createStrategy({ name: 'cmaes' }) as CmaesStrategy).ask({ ...ctx, trials: structuredClone(trials) })
        expect(p, `trial ${i}`).toEqual(fresh)
        expect(cached.rebuild(ctx).state).toEqual((createStrategy({ name: 'cmaes' }) as CmaesStrategy).rebuild(ctx).state)
      }
      // Every 9th trial stays running for 30 trials, then finishes out of order.
      trials.push(record(i, p, i % 9 === 4 ? null : loss(p), i % 9 === 4 ? 'running' : 'complete'))
      const late = trials[i - 30]
      if (late && late.state === 'running') trials[i - 30] = { ...late, state: 'complete', value: loss(late.params) }
    }
  })

  it('gives two parallel asks different points, running trials taking slots of the generation', async () => {
    for (const space of [floats(3), { parameters: { a: { type: 'int' as const, low: 0, high: 2 }, b: { type: 'int' as const, low: 0, high: 2 } } }]) {
      const study = await createStudy({ space, strategy: { name: 'cmaes', seed: 3 } })
      const a = await study.ask()
      const b = await study.ask()
      const c = await study.ask()
      expect(new Set([a, b, c].map((t) => configKey(t.params))).size).toBe(3)
      await study.close()
    }
  })

  const dir = tempDir()
  it('continues after a reload exactly as an uninterrupted run, and a reload with a trial left running gives the next point', async () => {
    const space = ALL_AXES
    const uninterrupted = await askSequence({ space, strategy: { name: 'cmaes', seed: 11 }, n: 30 })
    const store = join(dir, 'resume.json')
    const first = await askSequence({ space, strategy: { name: 'cmaes', seed: 11 }, n: 12, storage: store, name: 'r' })
    const second = await askSequence({ space, strategy: { name: 'cmaes', seed: 11 }, n: 18, storage: store, name: 'r' })
    expect([...first, ...second]).toEqual(uninterrupted)

    const running = join(dir, 'running.json')
    const s1 = await createStudy({ space, strategy: { name: 'cmaes', seed: 12 }, storage: running, name: 'r' })
    for (let i = 0; i < 7; i++) await s1.tell(await s1.ask(), i)
    const left = await s1.ask()
    await s1.close()
    const s2 = await createStudy({ space, strategy: { name: 'cmaes', seed: 12 }, storage: running, name: 'r' })
    const next = await s2.ask()
    expect(configKey(next.params)).not.toBe(configKey(left.params))
    await s2.close()
  })
})

describe('cmaes: options', () => {
  it('validates its options through the registry schema', () => {
    expect(strategyIssues({ name: 'cmaes', sigma0: 0.2, popsize: 12, restarts: 'none', incPopsize: 3, x0: { lr: 0.01 } })).toEqual([])
    expect(strategyIssues({ name: 'cmaes', popsize: 'hansen', active: false, bounds: 'clip', categoricalRate: 0.2 })).toEqual([])
    const issues = strategyIssues({ name: 'cmaes', sigma0: 0, restarts: 'bipop', popsize: 1.5, typo: 1 }, '/strategy')
    expect([...new Set(issues.map((i) => i.path))].sort()).toEqual(['/strategy/popsize', '/strategy/restarts', '/strategy/sigma0', '/strategy/typo'])
    expect(() => createStrategy({ name: 'cmaes', sigma0: -1 })).toThrow(/sigma0/)
  })

  it('starts from x0 and uses the popsize given', () => {
    const { trials, state } = minimise(floats(2), (p) => vec(p, 2)[0]!, 8, { x0: { x0: 4, x1: -4 }, popsize: 8, sigma0: 0.01 })
    expect(state.lambda).toBe(8)
    for (const t of trials) {
      expect(Math.abs((t.params.x0 as number) - 4)).toBeLessThan(0.5)
      expect(Math.abs((t.params.x1 as number) + 4)).toBeLessThan(0.5)
    }
  })
})
