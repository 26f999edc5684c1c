import type { Rng } from '../../util/rng.js'
import type { Activation } from './params.js'

/**
 * c[cOff + i·n + j] = bias[biasOff + j] + Σ_t a[aOff + i·K + t] · b[bOff + j·K + t]  (C = A·Bᵀ + bias), i < m, j < n.
 * The one kernel behind forward, weight gradients and input deltas: both operands are read along contiguous rows.
 * Two rows of A × four rows of B at a time: each loaded number serves two or four products, and eight independent
 * sums keep the adder busy. V8 does not vectorise, so this blocking is what makes it fast (2–3× one dot at a time).
 */
export function gemmNT(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  bias: Float64Array,
  biasOff: number,
  c: Float64Array,
  cOff: number,
  m: number,
  n: number,
  K: number,
): void {
  let i = 0
  for (; i + 1 < m; i += 2) {
    const a0 = aOff + i * K
    const a1 = a0 + K
    const c0 = cOff + i * n
    const c1 = c0 + n
    let j = 0
    for (; j + 3 < n; j += 4) {
      const b0 = bOff + j * K
      const b1 = b0 + K
      const b2 = b1 + K
      const b3 = b2 + K
      let s00 = bias[biasOff + j]!
      let s01 = bias[biasOff + j + 1]!
      let s02 = bias[biasOff + j + 2]!
      let s03 = bias[biasOff + j + 3]!
      let s10 = s00
      let s11 = s01
      let s12 = s02
      let s13 = s03
      for (let t = 0; t < K; t++) {
        const x0 = a[a0 + t]!
        const x1 = a[a1 + t]!
        const u0 = b[b0 + t]!
        const u1 = b[b1 + t]!
        const u2 = b[b2 + t]!
        const u3 = b[b3 + t]!
        s00 += x0 * u0
        s01 += x0 * u1
        s02 += x0 * u2
        s03 += x0 * u3
        s10 += x1 * u0
        s11 += x1 * u1
        s12 += x1 * u2
        s13 += x1 * u3
      }
      c[c0 + j] = s00
      c[c0 + j + 1] = s01
      c[c0 + j + 2] = s02
      c[c0 + j + 3] = s03
      c[c1 + j] = s10
      c[c1 + j + 1] = s11
      c[c1 + j + 2] = s12
      c[c1 + j + 3] = s13
    }
    for (; j < n; j++) {
      const b0 = bOff + j * K
      let s0 = bias[biasOff + j]!
      let s1 = s0
      for (let t = 0; t < K; t++) {
        const u = b[b0 + t]!
        s0 += a[a0 + t]! * u
        s1 += a[a1 + t]! * u
      }
      c[c0 + j] = s0
      c[c1 + j] = s1
    }
  }
  if (i < m) {
    const a0 = aOff + i * K
    const c0 = cOff + i * n
    for (let j = 0; j < n; j++) {
      const b0 = bOff + j * K
      let s = bias[biasOff + j]!
      for (let t = 0; t < K; t++) s += a[a0 + t]! * b[b0 + t]!
      c[c0 + j] = s
    }
  }
}

/** out (cols × rows) = srcᵀ, for the rows × cols matrix at src[srcOff..]. */
export function transpose(src: Float64Array, srcOff: number, rows: number, cols: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const s = srcOff + r * cols
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[s + c]!
  }
}

/** Applies the activation in place to the first n values. */
export function activate(kind: Activation, z: Float64Array, n: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) if (z[i]! < 0) z[i] = 0
      return
    case 'tanh':
      for (let i = 0; i < n; i++) z[i] = Math.tanh(z[i]!)
      return
    case 'sigmoid':
      for (let i = 0; i < n; i++) z[i] = 1 / (1 + Math.exp(-z[i]!))
      return
  }
}

/** d ⊙= f'(z), with f' written in terms of the activation's output a = f(z) (all backward has kept). */
export function scaleByDerivative(kind: Activation, d: Float64Array, act: Float64Array, n: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) if (!(act[i]! > 0)) d[i] = 0
      return
    case 'tanh':
      for (let i = 0; i < n; i++) d[i] = d[i]! * (1 - act[i]! * act[i]!)
      return
    case 'sigmoid':
      for (let i = 0; i < n; i++) d[i] = d[i]! * act[i]! * (1 - act[i]!)
      return
  }
}

/** Inverted dropout: kept units are scaled by 1/(1-p), so evaluation needs no rescaling. */
export function drop(a: Float64Array, out: Float64Array, mask: Float64Array, n: number, p: number, rng: Rng): void {
  const keep = 1 / (1 - p)
  for (let i = 0; i < n; i++) {
    const m = rng() < p ? 0 : keep
    mask[i] = m
    out[i] = a[i]! * m
  }
}

/** a ⊙= b over the first n values. */
export function multiplyInPlace(a: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) a[i] = a[i]! * b[i]!
}
