import type { Params } from '../../src/index.js'
import { vector } from './values.js'

/**
 * The suite's curved, singular, badly conditioned and high-dimensional valleys, each exactly as its
 * `formula` in problems.json says.
 */

/** sum_{i=1..n-1} 100*(x_{i+1} - x_i^2)^2 + (1 - x_i)^2; minimum 0 at (1, ..., 1). */
function rosenbrock(x: readonly number[]): number {
  let total = 0
  for (let i = 0; i < x.length - 1; i++) total += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2
  return total
}

/** Rosenbrock 4-D on [-2, 2]^4. */
export function rosenbrock4(p: Readonly<Params>): number {
  return rosenbrock(vector(p, 4))
}

/** Rosenbrock 10-D on [-5, 10]^10. */
export function rosenbrock10(p: Readonly<Params>): number {
  return rosenbrock(vector(p, 10))
}

/** The ellipsoid's centre, c_i = 0.37*i - 1.3, as problems.json writes it out. */
const ELLIPSOID_C = [-0.93, -0.56, -0.19, 0.18, 0.55, 0.92, 1.29, 1.66]

/** sum_i 10^(6*(i-1)/7) * (x_i - c_i)^2 on [-5, 5]^8: axis weights from 1 to 1e6; minimum 0 at x = c. */
export function ellipsoid8(p: Readonly<Params>): number {
  const x = vector(p, 8)
  return x.reduce((s, v, i) => s + 10 ** ((6 * i) / 7) * (v - ELLIPSOID_C[i]!) ** 2, 0)
}

/** The sphere's off-centre minimum (|c| = 9.459). */
const SPHERE_C = [1.2, -2.3, 3.1, 0.7, -1.6, 2.4, -3.3, 1.9, 0.4, -0.8, 2.8, -2.1, 1.5, -3.6, 0.9, 2.2, -1.1, 3.4, -0.5, 1.7]

/** sum_i (x_i - c_i)^2 on [-5, 5]^20; minimum 0 at x = c. */
export function sphere20(p: Readonly<Params>): number {
  const x = vector(p, 20)
  return x.reduce((s, v, i) => s + (v - SPHERE_C[i]!) ** 2, 0)
}

/** Dixon-Price 6-D on [-10, 10]^6: (x_1 - 1)^2 + sum_{i=2..6} i*(2*x_i^2 - x_{i-1})^2; minimum 0. */
export function dixonPrice6(p: Readonly<Params>): number {
  const x = vector(p, 6)
  let total = (x[0]! - 1) ** 2
  for (let i = 2; i <= 6; i++) total += i * (2 * x[i - 1]! ** 2 - x[i - 2]!) ** 2
  return total
}

/** Powell 8-D on [-4, 5]^8 (two blocks of four); minimum 0 at the origin, where the Hessian is singular. */
export function powell8(p: Readonly<Params>): number {
  const x = vector(p, 8)
  let total = 0
  for (let k = 1; k <= 2; k++) {
    // x_{4k-3} .. x_{4k} in the formula's 1-based numbering.
    const a = x[4 * k - 4]!
    const b = x[4 * k - 3]!
    const c = x[4 * k - 2]!
    const d = x[4 * k - 1]!
    total += (a + 10 * b) ** 2 + 5 * (c - d) ** 2 + (b - 2 * c) ** 4 + 10 * (a - d) ** 4
  }
  return total
}
