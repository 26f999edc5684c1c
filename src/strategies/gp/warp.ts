import { normQuantile } from './normal.js'

/** How the objective values are transformed before the GP sees them (lower stays better). */
export type Warp = 'rank' | 'standard'

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
  } else {
    z = Float64Array.from(values)
  }
  return standardise(z)
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
