import { normCdf, normQuantile } from '../tpe/math.js'
import type { NumericAxis } from './axes.js'

/**
 * Margin correction for integer and stepped axes (Hamano, Saito, Nomura, Shirakawa: "CMA-ES with Margin", GECCO 2022;
 * as `CMAwM` in the cmaes library behind Optuna's `with_margin`). After each update, on each discrete axis the
 * probability of leaving the value the mean sits on is kept at least `alpha` (default 1/(n·λ)): on the outer values
 * by moving the mean toward the nearest threshold; inside by rescaling the axis (A) and placing the mean so that both
 * neighbours keep at least alpha/2. Without it σ shrinks until every sample rounds to one value and the axis freezes.
 * Works in place on fresh copies of mean and A.
 */
export function correctMargin(
  axes: readonly NumericAxis[],
  mean: Float64Array,
  A: Float64Array,
  sigma: number,
  C: Float64Array,
  n: number,
  alpha: number,
): void {
  const q = normQuantile(1 - alpha)
  axes.forEach((axis, i) => {
    const t = axis.thresholds
    if (t.length === 0) return
    const m = mean[i]!
    const sd = Math.sqrt(C[i * n + i]!)
    const scale = sigma * A[i]! * sd
    if (!(scale > 0)) return
    let lo: number
    let up: number
    if (m < t[0]!) lo = up = t[0]!
    else if (m >= t[t.length - 1]!) lo = up = t[t.length - 1]!
    else {
      let j = upperBound(t, m) - 1
      if (j < 0) j = 0
      lo = t[j]!
      up = t[j + 1]!
    }
    const lowCdf = normCdf((lo - m) / scale)
    const upCdf = 1 - normCdf((up - m) / scale)
    const midCdf = 1 - lowCdf - upCdf
    if (Math.max(lowCdf, upCdf) > 0.5) {
      // An outer value: the one threshold next to the mean must be crossed with probability ≥ alpha.
      if (Math.min(lowCdf, upCdf) < alpha) mean[i] = up + Math.sign(m - up) * scale * q
      return
    }
    const l = Math.max(lowCdf, alpha / 2)
    const u = Math.max(upCdf, alpha / 2)
    const excess = 1 - l - u - midCdf
    const denom = l + midCdf + u - (3 * alpha) / 2
    const ml = clamp(l + (excess * (l - alpha / 2)) / denom, 1e-10, 0.5 - 1e-10)
    const mu = clamp(u + (excess * (u - alpha / 2)) / denom, 1e-10, 0.5 - 1e-10)
    const ql = normQuantile(1 - ml)
    const qu = normQuantile(1 - mu)
    A[i] = (up - lo) / ((ql + qu) * sigma * sd)
    mean[i] = (lo * qu + up * ql) / (ql + qu)
  })
}

/** The value an axis is read at: mean + A·(x − mean), clamped to the unit box (continuous axes: x itself). */
export function evalCoordinate(axis: NumericAxis, x: number, mean: number, a: number): number {
  const v = axis.thresholds.length === 0 ? x : mean + a * (x - mean)
  return clamp(v, 0, 1)
}

/** The first index whose threshold is above x. */
function upperBound(t: Float64Array, x: number): number {
  let lo = 0
  let hi = t.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (t[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x))
}
