import { crossCov, gram, type Hyper, type Points } from './kernel.js'
import { choleskyJittered, solveLower, solveUpper } from './linalg.js'

/** A GP conditioned on points and outputs under fixed hyperparameters: the factor L of K and α = K⁻¹y. */
export class Posterior {
  readonly l: Float64Array
  readonly alpha: Float64Array
  private readonly k: Float64Array
  private readonly v: Float64Array

  constructor(
    readonly points: Points,
    readonly y: Float64Array,
    readonly hyper: Hyper,
  ) {
    const n = points.n
    this.l = choleskyJittered(gram(points, hyper).k, n).l
    this.alpha = solveUpper(this.l, n, solveLower(this.l, n, Float64Array.from(y)))
    this.k = new Float64Array(n)
    this.v = new Float64Array(n)
  }

  /** Mean and variance of the latent function (noise excluded) at row `c` of `cand` (dims columns). */
  predict(cand: Float64Array, c: number): { mean: number; variance: number } {
    const n = this.points.n
    const k = crossCov(this.points, cand, c, this.hyper, this.k)
    let mean = 0
    for (let i = 0; i < n; i++) mean += k[i]! * this.alpha[i]!
    // v = L⁻¹k, variance = scale − vᵀv
    const v = this.v
    const l = this.l
    let vv = 0
    for (let i = 0; i < n; i++) {
      const ri = i * n
      let s = k[i]!
      for (let j = 0; j < i; j++) s -= l[ri + j]! * v[j]!
      const vi = s / l[ri + i]!
      v[i] = vi
      vv += vi * vi
    }
    return { mean, variance: Math.max(this.hyper.scale - vv, 1e-12 * this.hyper.scale) }
  }
}

/**
 * Kriging believer: the pending points (running trials) join the data with the posterior mean as their output,
 * under the same hyperparameters. The mean surface is unchanged, but the variance at and around each pending point
 * collapses to the noise, so its expected improvement does too and the next ask goes elsewhere.
 */
export function withPending(base: Posterior, pending: Float64Array, count: number): Posterior {
  if (count === 0) return base
  const { dims } = base.points
  const n = base.points.n
  const x = new Float64Array((n + count) * dims)
  x.set(base.points.x)
  x.set(pending.subarray(0, count * dims), n * dims)
  const y = new Float64Array(n + count)
  y.set(base.y)
  for (let c = 0; c < count; c++) y[n + c] = base.predict(pending, c).mean
  return new Posterior({ x, n: n + count, dims, categorical: base.points.categorical }, y, base.hyper)
}
