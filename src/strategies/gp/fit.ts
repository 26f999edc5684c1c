import { choleskyJittered, halfLogDet, inverseFromCholesky, solveLower, solveUpper } from './linalg.js'
import { gram, matern52, matern52dR2, MIN_NOISE, type Points, unpack } from './kernel.js'
import { minimize } from './lbfgs.js'

/**
 * MAP fit of the kernel hyperparameters θ (kernel.ts) to standardised outputs y: minimises
 * −log p(y | θ) − log p(θ), with Optuna's GPSampler priors on the values (not the logs):
 * λ_d: −(0.1/λ + 0.1λ) (mode at lengthscale 1, the unit box's width; weak either way, so an irrelevant dimension
 * can go to λ → 0), kernel scale: Gamma(2, 1), noise: Gamma(1.1, 30) (mean 0.037 of the output variance, floor
 * MIN_NOISE). The gradient is exact: ½ tr((ααᵀ − K⁻¹) ∂K/∂θ).
 */
export function negLogPosterior(p: Points, y: Float64Array, theta: Float64Array, grad: Float64Array | undefined): number {
  const { n, dims, x, categorical } = p
  const h = unpack(theta, dims)
  const { k, r2 } = gram(p, h)
  let l: Float64Array
  try {
    l = choleskyJittered(k, n).l
  } catch {
    return Infinity
  }
  const alpha = solveUpper(l, n, solveLower(l, n, Float64Array.from(y)))
  let yAlpha = 0
  for (let i = 0; i < n; i++) yAlpha += y[i]! * alpha[i]!
  const nll = 0.5 * yAlpha + halfLogDet(l, n) + 0.5 * n * Math.log(2 * Math.PI)
  let prior = -Math.log(h.scale) + h.scale - 0.1 * Math.log(h.noise) + 30 * h.noise
  for (let d = 0; d < dims; d++) prior += 0.1 / h.lambda[d]! + 0.1 * h.lambda[d]!
  if (!grad) return nll + prior

  // W = ααᵀ − K⁻¹; d(−log lik)/dθ = −½ tr(W ∂K/∂θ).
  const kinv = inverseFromCholesky(l, n)
  grad.fill(0)
  let gScale = 0
  let trW = 0
  const gl = new Float64Array(dims)
  for (let i = 0; i < n; i++) {
    const wii = alpha[i]! * alpha[i]! - kinv[i * n + i]!
    trW += wii
    gScale += 0.5 * wii * h.scale
    for (let j = 0; j < i; j++) {
      const w = alpha[i]! * alpha[j]! - kinv[i * n + j]!
      const rr = r2[i * n + j]!
      gScale += w * h.scale * matern52(rr)
      const gij = w * h.scale * matern52dR2(rr)
      if (gij === 0) continue
      const xi = i * dims
      const xj = j * dims
      for (let d = 0; d < dims; d++) {
        if (categorical[d]) {
          if (x[xi + d] !== x[xj + d]) gl[d]! += gij
        } else {
          const t = x[xi + d]! - x[xj + d]!
          gl[d]! += gij * t * t
        }
      }
    }
  }
  for (let d = 0; d < dims; d++) grad[d] = -gl[d]! * h.lambda[d]! + (-0.1 / h.lambda[d]! + 0.1 * h.lambda[d]!)
  grad[dims] = -gScale + (-1 + h.scale)
  const en = h.noise - MIN_NOISE
  grad[dims + 1] = -0.5 * trW * en + (-0.1 / h.noise + 30) * en
  return nll + prior
}

/** Where a fit starts when nothing is known: every lengthscale 1 (λ = 1), scale 1, noise 1e-3. */
export function defaultTheta(dims: number): Float64Array {
  const t = new Float64Array(dims + 2)
  t[dims] = 0
  t[dims + 1] = Math.log(1e-3)
  return t
}

/** Bounds on every entry of θ (log space): λ in [e^-12, e^8], scale and noise alike; keeps K well conditioned. */
const LOWER = -12
const UPPER = 8

/** Maximises the posterior from `start` (a previous fit, or defaultTheta). Deterministic: the same data and start give the same θ. */
export function fitHyper(p: Points, y: Float64Array, start: Float64Array, maxIter: number): Float64Array {
  const f = (t: Float64Array, g: Float64Array) => negLogPosterior(p, y, t, g)
  const r = minimize(f, start, { maxIter, lower: LOWER, upper: UPPER, gradTol: 1e-4 })
  return r.x
}
