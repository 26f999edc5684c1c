import { gapWidths } from './bandwidth.js'
import { categoricalLogRows } from './categorical.js'
import { LOG_SQRT_TWO_PI, logMass01, normMass } from './math.js'

/**
 * The dimensions of one subspace as the estimator sees them: `cont` axes hold a unit coordinate and get
 * truncated-Gaussian kernels on [0, 1]; `disc` axes hold a level index and get a per-kernel table of
 * log-probabilities (Gaussian mass per bin for small lattices, smoothed counts for categorical choices).
 */
export interface Layout {
  /** Axis (slot in a trial vector) of each continuous dimension. */
  readonly cont: readonly number[]
  /** Per continuous dimension: whether it is a lattice too fine to tabulate (an int or stepped float, not log). */
  readonly quantised: readonly boolean[]
  readonly disc: readonly { readonly axis: number; readonly levels: number; readonly categorical: boolean }[]
}

/** How the kernels are shaped; see TpeOptions for the meaning of each. */
export interface KernelSettings {
  readonly priorWeight: number
  readonly bandwidth: 'optuna' | 'scott' | 'gaps'
  readonly bandwidthFactor: number
  readonly clipFactor: number
  readonly kernelNorm: 'area' | 'peak'
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
  /** Per discrete dimension: the log-probabilities of kernel k are row rowOf[k] of `rows`. */
  readonly tables: readonly DiscreteTable[]
}

/**
 * Log-probabilities of the levels of one discrete dimension: `rowCount` rows of `levels` each. With a shared
 * bandwidth that is one row per level plus the prior's (levels+1 rows serve any number of kernels); with
 * per-kernel widths (`gaps`), one row per kernel.
 */
export interface DiscreteTable {
  readonly rows: Float64Array
  readonly rowCount: number
  readonly rowOf: Int32Array
}

/**
 * Kernels that get their own (narrower) continuous bandwidth: the pending trials of constant liar in g(x).
 * A data-driven g bandwidth is as wide as the bad set is spread out, which would blur a lie into nothing;
 * tied to l(x)'s bandwidth it is as sharp as the good points it competes with, so it actually repels.
 */
export interface SharpKernels {
  /** 1 for the row positions (indices into `rows`) that are sharp. */
  readonly rows: Uint8Array
  /** Bandwidth per continuous dimension. */
  readonly sigma: readonly number[]
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
 * 1/min(100, kernels+1) (times `clipFactor` on continuous axes), which keeps a lone good point from collapsing
 * l(x) onto a spike, and above by the range. Small lattices keep the full clip: a kernel narrower than one
 * bin would never propose the neighbouring values again.
 */
export function fitParzen(
  vectors: readonly Float64Array[],
  rows: readonly number[],
  weights: Float64Array,
  layout: Layout,
  s: KernelSettings,
  sharp?: SharpKernels,
): Parzen {
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
  const shrink = s.bandwidthFactor * Math.max(n, 1) ** (-1 / (dims + 4))
  const bandwidth = (values: Float64Array, clip: number): number => {
    const raw = s.bandwidth === 'optuna' ? 0.2 * shrink : weightedStd(values, weights) * shrink
    return Math.min(1, Math.max(minSigma * clip, raw))
  }

  const mu = new Float64Array(kernels * c)
  const sigma = new Float64Array(kernels * c)
  const invSigma = new Float64Array(kernels * c)
  const base = new Float64Array(kernels)
  base.set(logW)
  const column = new Float64Array(n)
  for (let j = 0; j < c; j++) {
    const axis = layout.cont[j]!
    for (let i = 0; i < n; i++) column[i] = vectors[rows[i]!]![axis]!
    const widths = s.bandwidth === 'gaps' ? kernelGaps(column, kernels, minSigma * s.clipFactor) : undefined
    const sj = widths ? 1 : bandwidth(column, s.clipFactor)
    // Optuna scores a fine lattice by bin masses, which are properly normalised; only real axes get `peak`.
    const unitPeak = s.kernelNorm === 'peak' && !layout.quantised[j]
    for (let k = 0; k < kernels; k++) {
      const m = k < n ? column[k]! : 0.5
      const sk = k >= n ? 1 : sharp?.rows[k] === 1 ? sharp.sigma[j]! : widths ? widths[k]! : sj
      mu[k * c + j] = m
      sigma[k * c + j] = sk
      invSigma[k * c + j] = 1 / sk
      base[k] = base[k]! - (unitPeak ? 0 : Math.log(sk)) - LOG_SQRT_TWO_PI - logMass01(m, sk)
    }
  }

  const tables = layout.disc.map((d): DiscreteTable => {
    const L = d.levels
    const rowOf = new Int32Array(kernels)
    for (let k = 0; k < kernels; k++) rowOf[k] = k < n ? vectors[rows[k]!]![d.axis]! : L
    if (d.categorical) return { rows: categoricalLogRows(n, L, s.priorWeight), rowCount: L + 1, rowOf }
    const centres = Float64Array.from({ length: n }, (_, i) => (rowOf[i]! + 0.5) / L)
    if (s.bandwidth === 'gaps') {
      // Every kernel its own width, so its own row (as Optuna does for every int and stepped float).
      const widths = kernelGaps(centres, kernels, minSigma)
      const table = new Float64Array(kernels * L)
      for (let k = 0; k < kernels; k++) table.set(latticeRow(L, k < n ? centres[k]! : 0.5, k < n ? widths[k]! : 1), k * L)
      return { rows: table, rowCount: kernels, rowOf: Int32Array.from({ length: kernels }, (_, k) => k) }
    }
    const sj = bandwidth(centres, 1)
    const table = new Float64Array((L + 1) * L)
    for (let r = 0; r <= L; r++) table.set(latticeRow(L, r < L ? (r + 0.5) / L : 0.5, r < L ? sj : 1), r * L)
    return { rows: table, rowCount: L + 1, rowOf }
  })

  return { kernels, layout, mu, sigma, invSigma, base, cumWeight, tables }
}

/**
 * Gap widths (bandwidth.ts) of the observation kernels, with the prior's centre among the neighbours when the
 * mixture has a prior kernel (index n of `kernels`); the prior's own width is set by the caller.
 */
function kernelGaps(column: Float64Array, kernels: number, floor: number): Float64Array {
  const centres = new Float64Array(kernels)
  centres.set(column)
  if (kernels > column.length) centres[column.length] = 0.5
  return gapWidths(centres, floor)
}

/**
 * Log mass of each bin of an L-point lattice on [0, 1] under a kernel at `m` with width `sk` truncated to
 * [0, 1] (Optuna's rule for ints: the kernel's mass on the value's bin).
 */
function latticeRow(levels: number, m: number, sk: number): Float64Array {
  const row = new Float64Array(levels)
  const logZ = logMass01(m, sk)
  for (let l = 0; l < levels; l++) {
    const mass = normMass((l / levels - m) / sk, ((l + 1) / levels - m) / sk)
    row[l] = Math.log(Math.max(mass, 1e-300)) - logZ
  }
  return row
}

function weightedStd(values: Float64Array, w: Float64Array): number {
  const n = values.length
  if (n < 2) return 0
  let sw = 0
  let mean = 0
  for (let i = 0; i < n; i++) {
    sw += w[i]!
    mean += w[i]! * values[i]!
  }
  mean /= sw
  let v = 0
  for (let i = 0; i < n; i++) v += w[i]! * (values[i]! - mean) ** 2
  return Math.sqrt(v / sw)
}
