import type { Rng } from '../../util/rng.js'

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)

/** Natural log of sqrt(2*pi), the Gaussian density's constant. */
export const LOG_SQRT_TWO_PI = LOG_SQRT_2PI

/**
 * The complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7
 * everywhere, tails included), which is what lets tail masses keep their precision.
 */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}

/** The standard normal CDF. */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2)
}

/**
 * Probability mass of the standard normal between a and b (a <= b), computed on the side where both
 * ends are small so that far tails do not cancel to zero.
 */
export function normMass(a: number, b: number): number {
  if (a > 0) return 0.5 * (erfc(a * Math.SQRT1_2) - erfc(b * Math.SQRT1_2))
  if (b < 0) return 0.5 * (erfc(-b * Math.SQRT1_2) - erfc(-a * Math.SQRT1_2))
  return 1 - 0.5 * (erfc(-a * Math.SQRT1_2) + erfc(b * Math.SQRT1_2))
}

/** The standard normal quantile (Acklam's rational approximation, relative error about 1e-9). */
export function normQuantile(p: number): number {
  if (p <= 0) return -Infinity
  if (p >= 1) return Infinity
  const plow = 0.02425
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
    )
  }
  if (p > 1 - plow) return -normQuantile(1 - p)
  const q = p - 0.5
  const r = q * q
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r +
      2.506628277459239) *
      q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155305418e1) * r + 1)
  )
}

/**
 * One draw from N(mu, sigma) truncated to [0, 1], by inverting the CDF: exactly one rng call per draw,
 * so the number of draws (and hence the sequence) never depends on rejections.
 */
export function truncNormal01(mu: number, sigma: number, rng: Rng): number {
  const pa = normCdf(-mu / sigma)
  const pb = normCdf((1 - mu) / sigma)
  const u = pa + rng() * (pb - pa)
  const x = mu + sigma * normQuantile(u)
  return x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : mu
}

/**
 * log of the mass that N(mu, sigma) puts on [0, 1] (mu in [0, 1]): the truncated kernel's normaliser.
 * Each tail is skipped once it is below 1e-17, which for a long history is most kernels on most axes.
 */
export function logMass01(mu: number, sigma: number): number {
  const k = Math.SQRT1_2 / sigma
  const lo = mu * k
  const hi = (1 - mu) * k
  const tails = (lo < 6 ? erfc(lo) : 0) + (hi < 6 ? erfc(hi) : 0)
  return Math.log1p(-0.5 * tails)
}

/** Index i drawn with probability w[i] / sum(w), from a cumulative array `cum` (last entry = total). */
export function drawIndex(cum: Float64Array, rng: Rng): number {
  const target = rng() * cum[cum.length - 1]!
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cum[mid]! > target) hi = mid
    else lo = mid + 1
  }
  return lo
}
