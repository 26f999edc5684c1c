/**
 * Dense symmetric linear algebra on row-major Float64Array (n×n), the few operations a Gaussian process needs.
 * Our own rather than ml-matrix: ml-matrix stores a matrix as an array of row arrays and allocates a new Matrix per
 * operation, while a GP ask factorises one n×n matrix per likelihood evaluation (tens per fit) and solves against
 * thousands of candidate vectors; in-place loops over one typed array avoid that garbage and are what V8 compiles
 * best. It also keeps the package free of a dependency for ~100 lines (see the README's gp section).
 */

/**
 * In-place lower Cholesky factor of the symmetric positive-definite `a` (only the lower triangle is read; the upper
 * is zeroed). Returns false when a pivot is not positive (the caller adds jitter and tries again).
 */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n
    let d = a[rj + j]!
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!
    if (!(d > 0) || !Number.isFinite(d)) return false
    const ljj = Math.sqrt(d)
    a[rj + j] = ljj
    for (let i = j + 1; i < n; i++) {
      const ri = i * n
      let s = a[ri + j]!
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!
      a[ri + j] = s / ljj
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0
  }
  return true
}

/**
 * Factorises K + jitter·I, raising the jitter tenfold (from `jitter`) until the factor exists: rounding can leave a
 * Gram matrix of near-duplicate points a hair short of positive definite. Returns the factor and the jitter used.
 */
export function choleskyJittered(k: Float64Array, n: number, jitter = 0): { l: Float64Array; jitter: number } {
  let add = jitter
  for (let attempt = 0; attempt < 12; attempt++) {
    const l = Float64Array.from(k)
    if (add > 0) for (let i = 0; i < n; i++) l[i * n + i]! += add
    if (cholesky(l, n)) return { l, jitter: add }
    add = add === 0 ? 1e-10 : add * 10
  }
  throw new Error('gp: covariance matrix is not positive definite even with jitter 1e-0')
}

/** Solves L x = b in place (forward substitution), L lower triangular n×n. */
export function solveLower(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n
    let s = b[i]!
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!
    b[i] = s / l[ri + i]!
  }
  return b
}

/** Solves Lᵀ x = b in place (back substitution). */
export function solveUpper(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!
    b[i] = s / l[i * n + i]!
  }
  return b
}

/** K⁻¹ b from K's factor L. */
export function cholSolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  return solveUpper(l, n, solveLower(l, n, Float64Array.from(b)))
}

/**
 * K⁻¹ (full, symmetric) from K's factor L: M = L⁻¹ first, kept transposed (row j of `mt` is column j of M) so that
 * both inner loops run along contiguous memory, then K⁻¹_ij = Σ_k M_ki M_kj. About 4× faster at n = 500 than the
 * textbook loop order, which strides through a column.
 */
export function inverseFromCholesky(l: Float64Array, n: number): Float64Array {
  const mt = new Float64Array(n * n) // mt[j*n + i] = (L⁻¹)_ij, non-zero for i >= j
  for (let j = 0; j < n; j++) {
    const rj = j * n
    mt[rj + j] = 1 / l[rj + j]!
    for (let i = j + 1; i < n; i++) {
      const ri = i * n
      let s = 0
      for (let k = j; k < i; k++) s -= l[ri + k]! * mt[rj + k]!
      mt[rj + i] = s / l[ri + i]!
    }
  }
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    const ri = i * n
    for (let j = 0; j <= i; j++) {
      const rj = j * n
      let s = 0
      for (let k = i; k < n; k++) s += mt[ri + k]! * mt[rj + k]!
      out[ri + j] = s
      out[rj + i] = s
    }
  }
  return out
}

/** Σ log L_ii = ½ log det K. */
export function halfLogDet(l: Float64Array, n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]!)
  return s
}
