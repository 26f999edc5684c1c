/**
 * Variation in the unit box: simulated binary crossover and polynomial mutation (Deb and Agrawal 1995; Deb and
 * Goyal 1996, the bounded forms NSGA-II's reference code uses), on [0, 1] for every numeric parameter.
 */

/** One SBX child of x1 and x2 on [0, 1]. */
export function sbx(x1: number, x2: number, eta: number, rng: () => number): number {
  if (Math.abs(x1 - x2) < 1e-14) return x1
  const y1 = Math.min(x1, x2)
  const y2 = Math.max(x1, x2)
  const u = rng()
  const spread = (beta: number): number => {
    const alpha = 2 - beta ** -(eta + 1)
    return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1))
  }
  const c1 = 0.5 * (y1 + y2 - spread(1 + (2 * y1) / (y2 - y1)) * (y2 - y1))
  const c2 = 0.5 * (y1 + y2 + spread(1 + (2 * (1 - y2)) / (y2 - y1)) * (y2 - y1))
  return clamp01(rng() < 0.5 ? c1 : c2)
}

/** Polynomial mutation of y on [0, 1]. */
export function polynomialMutation(y: number, eta: number, rng: () => number): number {
  const u = rng()
  const pow = 1 / (eta + 1)
  let dq: number
  if (u < 0.5) {
    const v = 2 * u + (1 - 2 * u) * (1 - y) ** (eta + 1)
    dq = v ** pow - 1
  } else {
    const v = 2 * (1 - u) + 2 * (u - 0.5) * y ** (eta + 1)
    dq = 1 - v ** pow
  }
  return clamp01(y + dq)
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x))
}
