import { normQuantile } from './normal.js'

/** How the objective values are transformed before the GP sees them (lower stays better). */
export type Warp = 'standard' | 'power' | 'rank'

/**
 * `standard`: (y − mean) / sd. `rank`: normal scores Φ⁻¹((rank − ½)/n) (ties share their mean rank), then
 * standardised: a Gaussian copula of the outputs, which keeps their order and drops their scale, so that one
 * value of 10⁵ among values near 1 (Rosenbrock, Dixon-Price, ellipsoids far from the optimum) does not flatten the
 * model near the optimum. HEBO's power warp serves the same end; the rank warp needs no fit.
 */
export function warp(values: Float64Array, kind: Warp): Float64Array {
  const n = values.length
  let z: Float64Array
  if (kind === 'rank' && n > 1) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!)
    z = new Float64Array(n)
    for (let i = 0; i < n; ) {
      let j = i
      while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++
      const q = normQuantile((0.5 * (i + j) + 0.5) / n)
      for (let k = i; k <= j; k++) z[order[k]!] = q
      i = j + 1
    }
  } else if (kind === 'power' && n > 2) {
    z = yeoJohnson(standardise(Float64Array.from(values)))
  } else {
    z = Float64Array.from(values)
  }
  return standardise(z)
}

/**
 * Yeo–Johnson power transform of standardised values with λ ∈ [−2, 3] chosen by the profile likelihood of a normal
 * fit on a grid of 0.1 (what HEBO does with scikit-learn's PowerTransformer): long right tails (the far-off values of
 * valley problems) get compressed, the order and the spacing near the best values kept.
 */
export function yeoJohnson(z: Float64Array): Float64Array {
  const n = z.length
  let bestLambda = 1
  let bestLl = -Infinity
  const t = new Float64Array(n)
  for (let k = -20; k <= 30; k++) {
    const lambda = k / 10
    let jac = 0
    for (let i = 0; i < n; i++) {
      t[i] = yj(z[i]!, lambda)
      jac += Math.sign(z[i]!) * Math.log1p(Math.abs(z[i]!))
    }
    let mean = 0
    for (let i = 0; i < n; i++) mean += t[i]!
    mean /= n
    let v = 0
    for (let i = 0; i < n; i++) v += (t[i]! - mean) ** 2
    v /= n
    const ll = -0.5 * n * Math.log(v) + (lambda - 1) * jac
    if (v > 0 && ll > bestLl) {
      bestLl = ll
      bestLambda = lambda
    }
  }
  return Float64Array.from(z, (x) => yj(x, bestLambda))
}

function yj(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < 1e-9 ? Math.log1p(x) : ((1 + x) ** lambda - 1) / lambda
  return Math.abs(lambda - 2) < 1e-9 ? -Math.log1p(-x) : -((1 - x) ** (2 - lambda) - 1) / (2 - lambda)
}

function standardise(z: Float64Array): Float64Array {
  const n = z.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += z[i]!
  mean /= Math.max(1, n)
  let v = 0
  for (let i = 0; i < n; i++) v += (z[i]! - mean) ** 2
  const sd = Math.sqrt(v / Math.max(1, n)) || 1
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = (z[i]! - mean) / sd
  return out
}
