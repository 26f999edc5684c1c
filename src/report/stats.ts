import { errorFunction } from 'simple-statistics'
import type { Direction } from '../trial/types.js'

/** The result of a two-sided Mann-Whitney U test of "sample a tends to be better than sample b". */
export interface MannWhitney {
  /** U of sample a: the pairs (x from a, y from b) where x is better, ties counting a half. */
  readonly u: number
  readonly nA: number
  readonly nB: number
  /** Two-sided p-value. */
  readonly p: number
  /** exact: the permutation distribution of U (no ties); normal: the normal approximation with tie and continuity corrections. */
  readonly method: 'exact' | 'normal'
  /** U / (nA * nB): the chance that a run of a beats a run of b (0.5: no difference). */
  readonly superiority: number
}

/** Exact p-values are computed while nA * nB stays at most this (the distribution has nA * nB + 1 points). */
const EXACT_LIMIT = 10_000

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum): whether the values of a tend to be better than those of b,
 * without assuming any distribution. Exact when there are no ties and the samples are small, else the normal
 * approximation with the tie-corrected variance and a continuity correction.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[], direction: Direction = 'minimize'): MannWhitney {
  const nA = a.length
  const nB = b.length
  if (nA === 0 || nB === 0) throw new RangeError('mannWhitneyU: both samples need at least one value')
  // Rank "goodness" so that U counts wins of a: for minimisation a lower value wins.
  const sign = direction === 'minimize' ? -1 : 1
  const pooled = [...a.map((v) => ({ v: sign * v, a: true })), ...b.map((v) => ({ v: sign * v, a: false }))].sort((x, y) => x.v - y.v)
  const ranks = new Array<number>(pooled.length)
  const tieSizes: number[] = []
  for (let i = 0; i < pooled.length; ) {
    let j = i
    while (j + 1 < pooled.length && pooled[j + 1]!.v === pooled[i]!.v) j++
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1
    if (j > i) tieSizes.push(j - i + 1)
    i = j + 1
  }
  let rankSumA = 0
  for (const [k, x] of pooled.entries()) if (x.a) rankSumA += ranks[k]!
  const u = rankSumA - (nA * (nA + 1)) / 2
  const superiority = u / (nA * nB)
  if (tieSizes.length === 0 && nA * nB <= EXACT_LIMIT) return { u, nA, nB, p: exactTwoSided(u, nA, nB), method: 'exact', superiority }
  return { u, nA, nB, p: normalTwoSided(u, nA, nB, tieSizes), method: 'normal', superiority }
}

/**
 * Two-sided exact p-value: the counts of U come from the generating function
 * prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i) (the Gaussian binomial coefficient), built one factor at a time.
 * Doubles lose integer exactness past 2^53 but keep the relative precision a p-value needs.
 */
function exactTwoSided(u: number, m: number, n: number): number {
  const size = m * n + 1
  let c = new Float64Array(size)
  c[0] = 1
  for (let i = 1; i <= m; i++) {
    const next = new Float64Array(size)
    // multiply by (1 - q^(n+i)) ...
    for (let k = 0; k < size; k++) next[k] = c[k]! - (k >= n + i ? c[k - n - i]! : 0)
    // ... then divide by (1 - q^i): a running sum with stride i.
    for (let k = i; k < size; k++) next[k] = next[k]! + next[k - i]!
    c = next
  }
  let total = 0
  for (const x of c) total += x
  let lower = 0
  let upper = 0
  for (let k = 0; k < size; k++) {
    if (k <= u) lower += c[k]!
    if (k >= u) upper += c[k]!
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total)
}

function normalTwoSided(u: number, m: number, n: number, tieSizes: readonly number[]): number {
  const total = m + n
  const mean = (m * n) / 2
  const tieTerm = tieSizes.reduce((s, t) => s + t ** 3 - t, 0) / (total * (total - 1))
  const variance = ((m * n) / 12) * (total + 1 - tieTerm)
  if (variance <= 0) return 1 // every value tied: nothing to tell apart
  const z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance)
  return Math.min(1, 2 * upperNormalTail(z))
}

/** P(Z > z) for a standard normal Z. */
export function upperNormalTail(z: number): number {
  return 0.5 * (1 - errorFunction(z / Math.SQRT2))
}

/** Holm's step-down adjustment of several p-values (keeps the family-wise error rate; same order as given). */
export function holmAdjust(ps: readonly number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p)
  const out = new Array<number>(ps.length)
  let running = 0
  for (const [rank, { p, i }] of order.entries()) {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p))
    out[i] = running
  }
  return out
}

/** A p-value as people read it: "p = 0.004", "p = 0.41", "p < 0.001". */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001'
  return `p = ${Number(p.toPrecision(p < 0.01 ? 1 : 2))}`
}
