import type { Encoding } from './encode.js'

/**
 * Discrete densities of one parameter over its cells, estimated from a set of trials so that the density of any
 * subset is a cheap sum of precomputed rows: each point contributes one row (its kernel, summing to 1), and a
 * uniform prior of weight PRIOR_WEIGHT keeps every cell above zero (the divergence divides by the baseline).
 */
export const PRIOR_WEIGHT = 1

/** Additive smoothing per category (Jeffreys' prior): a top set of 10 trials must not claim a choice is never good. */
const CATEGORY_PSEUDO_COUNT = 0.5

export interface KernelRows {
  readonly cells: number
  /** rows[i] is point i's contribution over the cells. */
  readonly rows: readonly Float64Array[]
}

/**
 * Kernel rows for the points, with a bandwidth fitted for sets of `setSize` points (Scott's rule on the spread of
 * all points): the same estimator serves the real top set and the random sets of the permutation test.
 */
export function kernelRows(encoding: Encoding, points: readonly number[], setSize: number, spread: number): KernelRows {
  const cells = encoding.cells
  if (encoding.kind === 'categorical') {
    const rows = points.map((c) => {
      const row = new Float64Array(cells)
      row[c] = 1
      return row
    })
    return { cells, rows }
  }
  // Never narrower than a cell, so that a kernel always lands on at least one cell centre.
  const h = Math.max(1 / cells, 1.06 * Math.max(spread, 0.05) * Math.max(1, setSize) ** -0.2)
  const rows = points.map((u) => {
    const row = new Float64Array(cells)
    let sum = 0
    for (let k = 0; k < cells; k++) {
      const d = ((k + 0.5) / cells - u) / h
      row[k] = Math.exp(-0.5 * d * d)
      sum += row[k]!
    }
    for (let k = 0; k < cells; k++) row[k] = row[k]! / sum
    return row
  })
  return { cells, rows }
}

/** The density of the points `members` (indices into the rows), smoothed toward uniform. */
export function density(kernel: KernelRows, members: Iterable<number>, categorical: boolean): Float64Array {
  const { cells, rows } = kernel
  const out = new Float64Array(cells)
  let n = 0
  for (const i of members) {
    const row = rows[i]!
    for (let k = 0; k < cells; k++) out[k] = out[k]! + row[k]!
    n++
  }
  const prior = categorical ? CATEGORY_PSEUDO_COUNT * cells : PRIOR_WEIGHT
  const total = n + prior
  for (let k = 0; k < cells; k++) out[k] = (out[k]! + prior / cells) / total
  return out
}

/** Pearson's chi-squared divergence of p from the baseline q: sum over cells of (p - q)^2 / q. */
export function pearsonDivergence(p: Float64Array, q: Float64Array): number {
  let d = 0
  for (let k = 0; k < q.length; k++) {
    const diff = p[k]! - q[k]!
    d += (diff * diff) / q[k]!
  }
  return d
}
