/** Dense symmetric matrices as row-major Float64Arrays of n×n: the little linear algebra CMA-ES needs. */

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: C = B·diag(values)·Bᵀ, B's columns the
 * eigenvectors. O(n³) per sweep and a handful of sweeps; the strategy calls it lazily (every few generations), so at
 * the suite's sizes (n ≤ 20) it costs microseconds and needs no dependency.
 */
export function symmetricEigen(c: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(c)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0
    let diag = 0
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i]! ** 2
      for (let j = i + 1; j < n; j++) off += a[i * n + j]! ** 2
    }
    if (off <= 1e-30 * diag || off === 0) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!
        if (apq === 0) continue
        const app = a[p * n + p]!
        const aqq = a[q * n + q]!
        const theta = (aqq - app) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const cs = 1 / Math.sqrt(t * t + 1)
        const sn = t * cs
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!
          const akq = a[k * n + q]!
          a[k * n + p] = cs * akp - sn * akq
          a[k * n + q] = sn * akp + cs * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!
          const aqk = a[q * n + k]!
          a[p * n + k] = cs * apk - sn * aqk
          a[q * n + k] = sn * apk + cs * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!
          const vkq = v[k * n + q]!
          v[k * n + p] = cs * vkp - sn * vkq
          v[k * n + q] = sn * vkp + cs * vkq
        }
      }
    }
  }
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!
  return { values, vectors: v }
}

/** B·diag(d)·z: a standard normal vector mapped through C^(1/2) (d = sqrt of the eigenvalues). */
export function mulBDz(b: Float64Array, d: Float64Array, z: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    const s = d[j]! * z[j]!
    if (s === 0) continue
    for (let i = 0; i < n; i++) out[i] = out[i]! + b[i * n + j]! * s
  }
  return out
}

/** C^(-1/2)·y = B·diag(1/d)·Bᵀ·y. */
export function mulInvSqrt(b: Float64Array, d: Float64Array, y: ArrayLike<number>, n: number): Float64Array {
  const t = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    let s = 0
    for (let i = 0; i < n; i++) s += b[i * n + j]! * y[i]!
    t[j] = s / d[j]!
  }
  const out = new Float64Array(n)
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i] = out[i]! + b[i * n + j]! * t[j]!
  return out
}

export function norm(v: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i]! ** 2
  return Math.sqrt(s)
}
