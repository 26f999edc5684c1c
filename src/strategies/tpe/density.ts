import type { Rng } from '../../util/rng.js'
import { drawIndex, truncNormal01 } from './math.js'
import type { Candidates, Parzen } from './parzen.js'

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
      const table = p.tables[t]!
      const offset = table.rowOf[k]! * levels
      let r = rng()
      let l = 0
      for (; l < levels - 1; l++) {
        r -= Math.exp(table.rows[offset + l]!)
        if (r < 0) break
      }
      disc[i * d + t] = l
    }
  }
  return { count, cont, disc }
}

/** Above this many joint rows the discrete terms are summed dimension by dimension instead. */
const MAX_JOINT_ROWS = 4096

/**
 * log p(x) of every candidate under the mixture, into `out`: a log-sum-exp over kernels per candidate.
 * Discrete dimensions cost one load per kernel in all: a kernel's table rows (one per dimension) are folded
 * into one joint row index, and per candidate the joint rows' summed log-probabilities are tabulated once.
 * Terms too small to move the sum by 1e-6 (relative) skip their exp.
 */
export function logDensity(p: Parzen, x: Candidates, out: Float64Array): void {
  const c = p.layout.cont.length
  const d = p.layout.disc.length
  const K = p.kernels
  const terms = new Float64Array(K)
  const { mu, invSigma, base, tables } = p
  const xc = x.cont
  const xd = x.disc
  const widths = tables.map((t) => t.rowCount)
  const levels = p.layout.disc.map((t) => t.levels)
  const jointRows = widths.reduce((a, b) => a * b, 1)
  const joint = jointRows <= MAX_JOINT_ROWS
  const jointOf = new Int32Array(joint ? K : 0)
  if (joint) {
    for (let t = 0, stride = 1; t < d; stride *= widths[t]!, t++) {
      const rowOf = tables[t]!.rowOf
      for (let k = 0; k < K; k++) jointOf[k] = jointOf[k]! + rowOf[k]! * stride
    }
  }
  const discTerm = new Float64Array(joint ? jointRows : 0)
  const negligible = 14 + Math.log(K)
  for (let i = 0; i < x.count; i++) {
    if (joint) tabulateJoint(p, xd, i, discTerm)
    let max = -Infinity
    const xo = i * c
    for (let k = 0; k < K; k++) {
      let v = base[k]!
      const ko = k * c
      for (let j = 0; j < c; j++) {
        const z = (xc[xo + j]! - mu[ko + j]!) * invSigma[ko + j]!
        v -= 0.5 * z * z
      }
      if (joint) v += discTerm[jointOf[k]!]!
      else for (let t = 0; t < d; t++) v += tables[t]!.rows[tables[t]!.rowOf[k]! * levels[t]! + xd[i * d + t]!]!
      terms[k] = v
      if (v > max) max = v
    }
    const floor = max - negligible
    let sum = 0
    for (let k = 0; k < K; k++) {
      const v = terms[k]!
      if (v > floor) sum += Math.exp(v - max)
    }
    out[i] = max + Math.log(sum)
  }
}

/** For candidate i: into `into[jointRow]`, the sum over discrete dimensions of log p(its level | that row). */
function tabulateJoint(p: Parzen, xd: Int32Array, i: number, into: Float64Array): void {
  const d = p.layout.disc.length
  let size = 1
  into[0] = 0
  for (let t = 0; t < d; t++) {
    const L = p.layout.disc[t]!.levels
    const { rows, rowCount } = p.tables[t]!
    const lev = xd[i * d + t]!
    // Row r of this dimension extends every combination so far; r = 0 last, as it overwrites them in place.
    for (let r = rowCount - 1; r >= 0; r--) {
      const v = rows[r * L + lev]!
      const o = r * size
      for (let a = 0; a < size; a++) into[o + a] = into[a]! + v
    }
    size *= rowCount
  }
}
