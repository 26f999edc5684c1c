import type { Rng } from '../../rng.js'
import { categoricalLogTable } from './categorical.js'
import { drawIndex, LOG_SQRT_TWO_PI, logMass01, normMass, truncNormal01 } from './math.js'

/**
 * The dimensions of one subspace as the estimator sees them: `cont` axes hold a unit coordinate and get
 * truncated-Gaussian kernels on [0, 1]; `disc` axes hold a level index and get a per-kernel table of
 * log-probabilities (Gaussian mass per bin for small lattices, smoothed counts for categorical choices).
 */
export interface Layout {
  /** Axis (slot in a trial vector) of each continuous dimension. */
  readonly cont: readonly number[]
  readonly disc: readonly { readonly axis: number; readonly levels: number; readonly categorical: boolean }[]
}

/** How the kernels are shaped; see TpeOptions for the meaning of each. */
export interface KernelSettings {
  readonly priorWeight: number
  readonly bandwidth: 'optuna' | 'scott'
  readonly bandwidthFactor: number
}

/**
 * A Parzen estimator: a weighted mixture of product kernels (joint over the layout's dimensions), one per
 * observation plus one prior kernel centred on the range with the range as its width.
 * Stored flat and kernel-major, so that scoring a candidate runs over contiguous typed arrays.
 */
export interface Parzen {
  readonly kernels: number
  readonly layout: Layout
  /** mu[k*c + j], sigma[k*c + j], invSigma[k*c + j] for continuous dimension j of kernel k. */
  readonly mu: Float64Array
  readonly sigma: Float64Array
  readonly invSigma: Float64Array
  /** log weight + the continuous normalisers of kernel k (truncation included). */
  readonly base: Float64Array
  /** Cumulative kernel weights, for drawing a kernel. */
  readonly cumWeight: Float64Array
  /** Per discrete dimension: log p[k*levels + level]. */
  readonly tables: readonly Float64Array[]
}

/** Draws of candidates: unit coordinates (m × c) and levels (m × d), candidate-major. */
export interface Candidates {
  readonly count: number
  readonly cont: Float64Array
  readonly disc: Int32Array
}

/**
 * Fits the estimator to the observations `rows` (indices into `vectors`) with relative weights `weights`.
 * Bandwidth: a rule in n^(-1/(d+4)) (see KernelSettings), clipped below by Optuna's "magic clip"
 * 1/min(100, kernels+1), which keeps a lone good point from collapsing l(x) onto a spike, and above by the range.
 */
export function fitParzen(vectors: readonly Float64Array[], rows: readonly number[], weights: Float64Array, layout: Layout, s: KernelSettings): Parzen {
  const n = rows.length
  const withPrior = s.priorWeight > 0 || n === 0
  const kernels = n + (withPrior ? 1 : 0)
  const c = layout.cont.length
  const dims = c + layout.disc.length
  const prior = n === 0 ? 1 : s.priorWeight

  // Normalised log weights (observations, then the prior).
  const logW = new Float64Array(kernels)
  const cumWeight = new Float64Array(kernels)
  let total = withPrior ? prior : 0
  for (let i = 0; i < n; i++) total += weights[i]!
  let acc = 0
  for (let k = 0; k < kernels; k++) {
    const w = k < n ? weights[k]! : prior
    logW[k] = Math.log(w / total)
    acc += w
    cumWeight[k] = acc
  }

  const minSigma = 1 / Math.min(100, kernels + 1)
  const contClip = Number(process.env.TPE_CLIP ?? 1)
  const shrink = s.bandwidthFactor * Math.max(n, 1) ** (-1 / (dims + 4))
  const bandwidth = (unitValues: (i: number) => number, clip = 1): number => {
    const raw = s.bandwidth === 'optuna' ? 0.2 * shrink : weightedStd(n, unitValues, weights) * shrink
    return Math.min(1, Math.max(minSigma * clip, raw))
  }

  const mu = new Float64Array(kernels * c)
  const sigma = new Float64Array(kernels * c)
  const invSigma = new Float64Array(kernels * c)
  const base = new Float64Array(kernels)
  base.set(logW)
  for (let j = 0; j < c; j++) {
    const axis = layout.cont[j]!
    const sj = bandwidth((i) => vectors[rows[i]!]![axis]!, contClip)
    for (let k = 0; k < kernels; k++) {
      const m = k < n ? vectors[rows[k]!]![axis]! : 0.5
      const sk = k < n ? sj : 1
      mu[k * c + j] = m
      sigma[k * c + j] = sk
      invSigma[k * c + j] = 1 / sk
      base[k] = base[k]! - Math.log(sk) - LOG_SQRT_TWO_PI - logMass01(m, sk)
    }
  }

  const tables = layout.disc.map((d) => {
    const level = (i: number): number => vectors[rows[i]!]![d.axis]!
    if (d.categorical) return categoricalLogTable(n, level, d.levels, withPrior, s.priorWeight)
    const sj = bandwidth((i) => (level(i) + 0.5) / d.levels)
    return latticeLogTable(n, level, d.levels, withPrior, sj)
  })

  return { kernels, layout, mu, sigma, invSigma, base, cumWeight, tables }
}

/** Per-kernel log mass of each bin of an L-point lattice on [0, 1], from the kernel truncated to [0, 1]. */
function latticeLogTable(n: number, level: (i: number) => number, levels: number, withPrior: boolean, sigma: number): Float64Array {
  const kernels = n + (withPrior ? 1 : 0)
  const table = new Float64Array(kernels * levels)
  for (let k = 0; k < kernels; k++) {
    const m = k < n ? (level(k) + 0.5) / levels : 0.5
    const sk = k < n ? sigma : 1
    const logZ = logMass01(m, sk)
    for (let l = 0; l < levels; l++) {
      const mass = normMass((l / levels - m) / sk, ((l + 1) / levels - m) / sk)
      table[k * levels + l] = Math.log(Math.max(mass, 1e-300)) - logZ
    }
  }
  return table
}

function weightedStd(n: number, value: (i: number) => number, w: Float64Array): number {
  if (n < 2) return 0
  let sw = 0
  let mean = 0
  for (let i = 0; i < n; i++) {
    sw += w[i]!
    mean += w[i]! * value(i)
  }
  mean /= sw
  let v = 0
  for (let i = 0; i < n; i++) v += w[i]! * (value(i) - mean) ** 2
  return Math.sqrt(v / sw)
}

/** Draws `count` candidates from the estimator (a kernel by weight, then each dimension from it). */
export function sampleParzen(p: Parzen, count: number, rng: Rng): Candidates {
  const c = p.layout.cont.length
  const d = p.layout.disc.length
  const cont = new Float64Array(count * c)
  const disc = new Int32Array(count * d)
  for (let i = 0; i < count; i++) {
    const k = drawIndex(p.cumWeight, rng)
    for (let j = 0; j < c; j++) cont[i * c + j] = truncNormal01(p.mu[k * c + j]!, p.sigma[k * c + j]!, rng)
    for (let t = 0; t < d; t++) {
      const levels = p.layout.disc[t]!.levels
      const row = p.tables[t]!
      let r = rng()
      let l = 0
      for (; l < levels - 1; l++) {
        r -= Math.exp(row[k * levels + l]!)
        if (r < 0) break
      }
      disc[i * d + t] = l
    }
  }
  return { count, cont, disc }
}

/** log p(x) of every candidate under the mixture, into `out` (a log-sum-exp over kernels per candidate). */
export function logDensity(p: Parzen, x: Candidates, out: Float64Array): void {
  const c = p.layout.cont.length
  const d = p.layout.disc.length
  const K = p.kernels
  const scratch = new Float64Array(K)
  const { mu, invSigma, base, tables } = p
  const levels = p.layout.disc.map((t) => t.levels)
  for (let i = 0; i < x.count; i++) {
    let max = -Infinity
    const xo = i * c
    for (let k = 0; k < K; k++) {
      let s = base[k]!
      const ko = k * c
      for (let j = 0; j < c; j++) {
        const z = (x.cont[xo + j]! - mu[ko + j]!) * invSigma[ko + j]!
        s -= 0.5 * z * z
      }
      for (let t = 0; t < d; t++) s += tables[t]![k * levels[t]! + x.disc[i * d + t]!]!
      scratch[k] = s
      if (s > max) max = s
    }
    let sum = 0
    for (let k = 0; k < K; k++) sum += Math.exp(scratch[k]! - max)
    out[i] = max + Math.log(sum)
  }
}
