/** The standard normal pieces logEI needs, written for accuracy in the far tails. */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)
const HALF_LOG_PI_OVER_2 = 0.5 * Math.log(Math.PI / 2)

/**
 * erfcx(x) = e^{x²} erfc(x) for x ≥ 0, from Numerical Recipes' erfcc (relative error < 1.2e-7 everywhere), whose
 * form t·exp(−x² + P(t)) lets the e^{−x²} cancel: no overflow or underflow at any x.
 */
export function erfcx(x: number): number {
  const t = 1 / (1 + 0.5 * x)
  const p =
    -1.26551223 +
    t *
      (1.00002368 +
        t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  return t * Math.exp(p)
}

/** erfc for any x (erfc(−x) = 2 − erfc(x)). */
export function erfc(x: number): number {
  return x >= 0 ? erfcx(x) * Math.exp(-x * x) : 2 - erfcx(-x) * Math.exp(-x * x)
}

export function normPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI)
}

export function normCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2)
}

/**
 * log h(z), h(z) = φ(z) + zΦ(z), the expected improvement of a unit normal over a threshold z standard deviations
 * above its mean (EI = σ·h((best − μ)/σ)). Direct for z > −1; below, h = φ(z)(1 − |z|·Φ(z)/φ(z)) with the Mills
 * ratio Φ/φ = √(π/2)·erfcx(−z/√2), computed in log space (Ament et al. 2023, "Unexpected improvements to expected
 * improvement"); below z = −10 the asymptotic series 1 − |z|Φ/φ = z⁻²(1 − 3z⁻² + 15z⁻⁴ − 105z⁻⁶) avoids the
 * cancellation. Finite and increasing for every finite z (plain log(EI) is −∞ once EI underflows, around z = −38).
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normPdf(z) + z * normCdf(z))
  const logPhi = -0.5 * z * z - LOG_SQRT_2PI
  if (z > -10) {
    const logMills = Math.log(-z * erfcx(-z / Math.SQRT2)) + HALF_LOG_PI_OVER_2
    return logPhi + Math.log(-Math.expm1(logMills))
  }
  const w = 1 / (z * z)
  return logPhi + Math.log(w) + Math.log1p(w * (-3 + w * (15 - 105 * w)))
}

/** Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative error < 1.2e-9), one Newton step after. */
export function normQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const lo = 0.02425
  let x: number
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p))
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  } else if (p <= 1 - lo) {
    const q = p - 0.5
    const r = q * q
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  }
  const e = normCdf(x) - p
  return x - e * Math.SQRT2 * Math.sqrt(Math.PI) * Math.exp(0.5 * x * x)
}
