import type { Params } from '../../src/index.js'
import { num, vector } from './values.js'

/**
 * The low-dimensional classic test functions of the suite (smooth and multimodal), each exactly as its
 * `formula` in problems.json says.
 */

/** Branin-Hoo on [-5, 10] x [0, 15]; three global minima of 10/(8*pi). */
export function branin(p: Readonly<Params>): number {
  const x1 = num(p, 'x1')
  const x2 = num(p, 'x2')
  const a = 1
  const b = 5.1 / (4 * Math.PI ** 2)
  const c = 5 / Math.PI
  const r = 6
  const s = 10
  const t = 1 / (8 * Math.PI)
  return a * (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - t) * Math.cos(x1) + s
}

/** Six-hump camel on [-3, 3] x [-2, 2]; two global minima of -1.0316284535, four more local ones. */
export function sixHumpCamel(p: Readonly<Params>): number {
  const x1 = num(p, 'x1')
  const x2 = num(p, 'x2')
  return (4 - 2.1 * x1 ** 2 + x1 ** 4 / 3) * x1 ** 2 + x1 * x2 + (-4 + 4 * x2 ** 2) * x2 ** 2
}

/** Goldstein-Price on [-2, 2]^2; minimum 3 at (0, -1), values up to about 1e6. */
export function goldsteinPrice(p: Readonly<Params>): number {
  const x1 = num(p, 'x1')
  const x2 = num(p, 'x2')
  const left = 1 + (x1 + x2 + 1) ** 2 * (19 - 14 * x1 + 3 * x1 ** 2 - 14 * x2 + 6 * x1 * x2 + 3 * x2 ** 2)
  const right = 30 + (2 * x1 - 3 * x2) ** 2 * (18 - 32 * x1 + 12 * x1 ** 2 + 48 * x2 - 36 * x1 * x2 + 27 * x2 ** 2)
  return left * right
}

const H_ALPHA = [1, 1.2, 3, 3.2]
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
]
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => 1e-4 * v))

/** Hartmann 6-D on [0, 1]^6 with the standard constants; minimum -3.32237. */
export function hartmann6(p: Readonly<Params>): number {
  const x = vector(p, 6)
  let total = 0
  for (let i = 0; i < 4; i++) {
    let inner = 0
    for (let j = 0; j < 6; j++) inner += H_A[i]![j]! * (x[j]! - H_P[i]![j]!) ** 2
    total += H_ALPHA[i]! * Math.exp(-inner)
  }
  return -total
}

/** Ackley 5-D on [-32.768, 32.768]^5; minimum 0 at the origin. */
export function ackley5(p: Readonly<Params>): number {
  const x = vector(p, 5)
  const n = x.length
  const meanSq = x.reduce((s, v) => s + v * v, 0) / n
  const meanCos = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / n
  return -20 * Math.exp(-0.2 * Math.sqrt(meanSq)) - Math.exp(meanCos) + 20 + Math.E
}

/** Rastrigin 6-D on [-5.12, 5.12]^6; minimum 0 at the origin, a local minimum near every integer point. */
export function rastrigin6(p: Readonly<Params>): number {
  const x = vector(p, 6)
  return 10 * 6 + x.reduce((s, v) => s + (v ** 2 - 10 * Math.cos(2 * Math.PI * v)), 0)
}

/**
 * Schwefel 4-D on [-500, 500]^4 with the standard (rounded) constant 418.9829, hence a minimum of
 * 5.09e-5 rather than 0, at x_i = 420.968746 near the upper bound.
 */
export function schwefel4(p: Readonly<Params>): number {
  const x = vector(p, 4)
  return 418.9829 * 4 - x.reduce((s, v) => s + v * Math.sin(Math.sqrt(Math.abs(v))), 0)
}
