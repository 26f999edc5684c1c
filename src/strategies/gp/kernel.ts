/**
 * Matérn-5/2 kernel with one lengthscale per dimension (ARD) over the unit box, with categorical dimensions
 * entering the same distance by overlap: (x_d − y_d)² on numeric axes, [x_d ≠ y_d] on categorical ones (Optuna's
 * GPSampler does the same). Hyperparameters are packed in one vector θ, all in log space:
 * θ[d] = log λ_d (λ = 1 / lengthscale², so a dimension that does not matter can go to λ → 0), θ[D] = log kernel
 * scale, θ[D+1] = log(noise − MIN_NOISE).
 */

/** The noise variance never goes below this (on the standardised outputs): small, for deterministic objectives. */
export const MIN_NOISE = 1e-6

/** Points as rows of a row-major matrix, with which columns are categorical. */
export interface Points {
  readonly x: Float64Array
  readonly n: number
  readonly dims: number
  readonly categorical: Uint8Array
}

const SQRT5 = Math.sqrt(5)

/** m(r) = (1 + √5 r + 5r²/3) e^{−√5 r}. */
export function matern52(r2: number): number {
  const r = Math.sqrt(r2)
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r)
}

/** dm/d(r²) = −(5/6)(1 + √5 r) e^{−√5 r}: finite at r = 0, which is why the fit differentiates in r². */
export function matern52dR2(r2: number): number {
  const r = Math.sqrt(r2)
  return -(5 / 6) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r)
}

/** Weighted squared distance Σ λ_d δ_d² between row i of `a` and row j of `b`. */
export function dist2(a: Float64Array, i: number, b: Float64Array, j: number, dims: number, lambda: Float64Array, categorical: Uint8Array): number {
  let s = 0
  const ai = i * dims
  const bj = j * dims
  for (let d = 0; d < dims; d++) {
    const u = a[ai + d]!
    const v = b[bj + d]!
    if (categorical[d]) {
      if (u !== v) s += lambda[d]!
    } else {
      const t = u - v
      s += lambda[d]! * t * t
    }
  }
  return s
}

export interface Hyper {
  readonly lambda: Float64Array
  readonly scale: number
  readonly noise: number
}

export function unpack(theta: Float64Array, dims: number): Hyper {
  const lambda = new Float64Array(dims)
  for (let d = 0; d < dims; d++) lambda[d] = Math.exp(theta[d]!)
  return { lambda, scale: Math.exp(theta[dims]!), noise: MIN_NOISE + Math.exp(theta[dims + 1]!) }
}

/** The Gram matrix scale·m(r²) + noise·I of the points, and the r² matrix (the fit's gradient needs it). */
export function gram(p: Points, h: Hyper): { k: Float64Array; r2: Float64Array } {
  const { n, x, dims, categorical } = p
  const k = new Float64Array(n * n)
  const r2 = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    k[i * n + i] = h.scale + h.noise
    for (let j = 0; j < i; j++) {
      const d2 = dist2(x, i, x, j, dims, h.lambda, categorical)
      const v = h.scale * matern52(d2)
      k[i * n + j] = v
      k[j * n + i] = v
      r2[i * n + j] = d2
      r2[j * n + i] = d2
    }
  }
  return { k, r2 }
}

/** The covariances between one candidate (row `c` of `cand`) and every point: scale·m(r²). */
export function crossCov(p: Points, cand: Float64Array, c: number, h: Hyper, out: Float64Array): Float64Array {
  for (let i = 0; i < p.n; i++) out[i] = h.scale * matern52(dist2(cand, c, p.x, i, p.dims, h.lambda, p.categorical))
  return out
}
