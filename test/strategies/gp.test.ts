import { describe, expect, it } from 'vitest'
import { createRng } from '../../src/util/rng.js'
import { parseSpace } from '../../src/space/parse.js'
import type { Params } from '../../src/space/types.js'
import { createStrategy } from '../../src/strategies/index.js'
import { logEI } from '../../src/strategies/gp/acquisition.js'
import { defaultTheta, fitHyper, negLogPosterior } from '../../src/strategies/gp/fit.js'
import { checkpointAtOrBelow, previousCheckpoint } from '../../src/strategies/gp/hyper-cache.js'
import { type Points, unpack } from '../../src/strategies/gp/kernel.js'
import { cholesky, cholSolve } from '../../src/strategies/gp/linalg.js'
import { logH } from '../../src/strategies/gp/normal.js'
import { Posterior } from '../../src/strategies/gp/posterior.js'
import type { TrialRecord } from '../../src/trial/types.js'
import { trialRecord } from '../helpers/trials.js'

function randomPoints(n: number, dims: number, seed: string): Points {
  const rng = createRng(seed)
  return { x: Float64Array.from({ length: n * dims }, () => rng()), n, dims, categorical: new Uint8Array(dims) }
}

function record(number: number, params: Params, value: number | null, state: TrialRecord['state'] = 'complete'): TrialRecord {
  return trialRecord(number, params, value, state, 'gp')
}

describe('gp linear algebra and kernel', () => {
  it('solves K x = b through its Cholesky factor', () => {
    const p = randomPoints(12, 3, 'chol')
    const h = { lambda: Float64Array.of(4, 4, 4), scale: 1, noise: 1e-4 }
    const post = new Posterior(p, new Float64Array(12), h)
    const b = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i))
    const x = cholSolve(post.l, 12, b)
    // Rebuild K·x from L Lᵀ x and compare with b.
    const lt = new Float64Array(12)
    for (let i = 0; i < 12; i++) for (let k = i; k < 12; k++) lt[i]! += post.l[k * 12 + i]! * x[k]!
    for (let i = 0; i < 12; i++) {
      let s = 0
      for (let k = 0; k <= i; k++) s += post.l[i * 12 + k]! * lt[k]!
      expect(s).toBeCloseTo(b[i]!, 8)
    }
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2)).toBe(false)
  })

  it('the posterior interpolates noise-free data, with near-zero variance at the data and more between', () => {
    const p = randomPoints(15, 2, 'interp')
    const y = Float64Array.from({ length: 15 }, (_, i) => Math.sin(5 * p.x[2 * i]!) + p.x[2 * i + 1]! ** 2)
    const post = new Posterior(p, y, { lambda: Float64Array.of(5, 5), scale: 1, noise: 1e-10 })
    for (let i = 0; i < 15; i++) {
      const r = post.predict(p.x, i)
      expect(r.mean).toBeCloseTo(y[i]!, 4)
      expect(r.variance).toBeLessThan(1e-6)
    }
    const far = post.predict(Float64Array.of(5, 5), 0)
    expect(far.variance).toBeGreaterThan(0.99)
  })

  it("the likelihood's gradient matches finite differences", () => {
    const p = randomPoints(10, 3, 'grad')
    const y = Float64Array.from({ length: 10 }, (_, i) => p.x[3 * i]! - 0.5)
    const theta = Float64Array.of(0.3, -0.5, 1.2, -0.2, Math.log(1e-2))
    const g = new Float64Array(5)
    negLogPosterior(p, y, theta, g)
    for (let j = 0; j < 5; j++) {
      const e = 1e-5
      const a = Float64Array.from(theta)
      const b = Float64Array.from(theta)
      a[j]! += e
      b[j]! -= e
      const fd = (negLogPosterior(p, y, a, undefined) - negLogPosterior(p, y, b, undefined)) / (2 * e)
      expect(g[j]!).toBeCloseTo(fd, 3)
    }
  })

  it('the fitted lengthscale of a dimension the outputs ignore grows (λ = 1/ℓ² falls far below the relevant one)', () => {
    const p = randomPoints(30, 2, 'ard')
    const y = Float64Array.from({ length: 30 }, (_, i) => Math.sin(6 * p.x[2 * i]!))
    const h = unpack(fitHyper(p, y, defaultTheta(2), 100), 2)
    expect(h.lambda[1]!).toBeLessThan(1) // lengthscale above the starting 1
    expect(h.lambda[1]!).toBeLessThan(h.lambda[0]! / 20)
  })
})

describe('log expected improvement', () => {
  it('is finite and decreasing as the mean moves away from the incumbent, far past where EI underflows', () => {
    let last = Infinity
    for (const gap of [0, 0.5, 1, 3, 9.9, 10.1, 30, 40, 100, 1e3, 1e5]) {
      const v = logEI(gap, 1, 0)
      expect(Number.isFinite(v), `gap ${gap}`).toBe(true)
      expect(v).toBeLessThan(last)
      last = v
    }
    // Plain log(σ·(φ(z) + zΦ(z))) is −∞ there: φ(−40) underflows.
    expect(Math.log(Math.exp(-0.5 * 40 * 40))).toBe(-Infinity)
  })

  it('log h is continuous where its formula changes (z = −1 and z = −10) and matches the closed form', () => {
    for (const z of [-1, -10]) expect(Math.abs(logH(z - 1e-9) - logH(z + 1e-9))).toBeLessThan(1e-5)
    const z = -3
    const h = Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI) + z * 0.0013498980316301
    expect(logH(z)).toBeCloseTo(Math.log(h), 5)
    for (let z2 = -200; z2 < 5; z2 += 0.37) expect(logH(z2 + 0.37)).toBeGreaterThan(logH(z2))
  })
})

describe('gp strategy', () => {
  const space = parseSpace({ parameters: { x: { type: 'float', low: -1, high: 1 }, y: { type: 'float', low: -1, high: 1 } } })
  const history = (n: number): TrialRecord[] => {
    const rng = createRng('hist')
    return Array.from({ length: n }, (_, i) => {
      const params = { x: rng() * 2 - 1, y: rng() * 2 - 1 }
      return record(i, params, (params.x - 0.3) ** 2 + (params.y + 0.2) ** 2)
    })
  }
  const ask = (trials: TrialRecord[], strategy = createStrategy({ name: 'gp' })) =>
    strategy.ask({ space, direction: 'minimize', trials, rng: createRng('ask'), number: trials.length, seed: 1 }) as Params

  it('a running trial at the proposed point pushes the next ask away', () => {
    const trials = history(20)
    const a = ask(trials)
    const b = ask([...trials, record(20, a, null, 'running')])
    const dist = Math.hypot(Number(a.x) - Number(b.x), Number(a.y) - Number(b.y))
    expect(dist).toBeGreaterThan(0.01)
  })

  it('proposes near the minimum of a smooth bowl after 25 trials', () => {
    const p = ask(history(25))
    expect(Math.hypot(Number(p.x) - 0.3, Number(p.y) + 0.2)).toBeLessThan(0.15)
  })

  it('gives the same answer from a fresh instance as from one that cached every earlier fit (caching is only acceleration)', () => {
    const trials = history(60)
    const warm = createStrategy({ name: 'gp' })
    for (let n = 10; n < 60; n += 7) ask(trials.slice(0, n), warm)
    expect(ask(trials, warm)).toEqual(ask(trials))
  })

  it('refits at every n up to 40, then at checkpoints growing by 10%', () => {
    expect(checkpointAtOrBelow(33)).toBe(33)
    expect(checkpointAtOrBelow(45)).toBe(44)
    expect(previousCheckpoint(44)).toBe(40)
    expect(checkpointAtOrBelow(500)).toBeLessThanOrEqual(500)
    expect(500 / checkpointAtOrBelow(500)).toBeLessThan(1.1)
  })
})
