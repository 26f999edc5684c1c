import type { Axes } from './axes.js'
import { mulInvSqrt, norm } from './linalg.js'
import { correctMargin } from './margin.js'
import { type CmaState, decompose, type StopReason } from './state.js'

/** One evaluated member of a generation: the vector CMA-ES drew (not its rounded values), its value, its choices. */
export interface Evaluated {
  readonly x: Float64Array
  /** The value to minimise (negated for a maximised objective). */
  readonly f: number
  /** Choice index per categorical axis, −1 where the axis was inactive. */
  readonly choices: Int32Array
  /** A point CMA-ES did not draw itself: its step is clipped to a typical length (Hansen's rule for injected solutions). */
  readonly foreign: boolean
}

/** Tolerances of the stop tests, in the unit box (looser than the cmaes library's: nobody tunes to 1e-13 of a range). */
const TOL_FUN = 1e-12
const TOL_X = 1e-11
const MAX_CONDITION = 1e14

/**
 * One generation's update (Hansen's tutorial, eqs. 39–47, positive weights): mean, cumulative step-size
 * adaptation, rank-one and rank-μ covariance updates; then the eigen-decomposition, the margin correction of
 * discrete axes, the categorical probabilities, and the stop tests. Returns a new state and why the run should stop.
 */
export function updateGeneration(s: CmaState, pop: readonly Evaluated[], axes: Axes, alpha: number, catRate: number): { state: CmaState; stop?: StopReason } {
  const { n, lambda, weights, mu, mueff, cs, ds, cc, c1, cmu, chiN } = s
  const sorted = [...pop].sort((a, b) => a.f - b.f)
  const ys: Float64Array[] = []
  const limit = Math.sqrt(n) + (2 * n) / (n + 2)
  for (const e of sorted) {
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) y[i] = (e.x[i]! - s.mean[i]!) / s.sigma
    if (e.foreign) {
      const len = norm(mulInvSqrt(s.B, s.D, y, n))
      if (len > limit) for (let i = 0; i < n; i++) y[i] = y[i]! * (limit / len)
    }
    ys.push(y)
  }
  // The negative weights act on steps rescaled to length √n in C's metric (Hansen 2016, eq. 46), so that a far
  // outlier cannot make C indefinite.
  const wRank = Float64Array.from(weights, (w, k) => {
    if (w >= 0) return w
    const len2 = norm(mulInvSqrt(s.B, s.D, ys[k]!, n)) ** 2
    return len2 > 0 ? (w * n) / len2 : 0
  })
  const sumW = weights.reduce((a, b) => a + b, 0)
  const yw = new Float64Array(n)
  for (let k = 0; k < mu; k++) for (let i = 0; i < n; i++) yw[i] = yw[i]! + weights[k]! * ys[k]![i]!
  const mean = new Float64Array(n)
  for (let i = 0; i < n; i++) mean[i] = s.mean[i]! + s.sigma * yw[i]!

  const zw = mulInvSqrt(s.B, s.D, yw, n)
  const ps = new Float64Array(n)
  const csn = Math.sqrt(cs * (2 - cs) * mueff)
  for (let i = 0; i < n; i++) ps[i] = (1 - cs) * s.ps[i]! + csn * zw[i]!
  const psNorm = norm(ps)
  const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (s.generation + 1))) < (1.4 + 2 / (n + 1)) * chiN ? 1 : 0
  const pc = new Float64Array(n)
  const ccn = Math.sqrt(cc * (2 - cc) * mueff)
  for (let i = 0; i < n; i++) pc[i] = (1 - cc) * s.pc[i]! + hsig * ccn * yw[i]!

  const C = new Float64Array(n * n)
  const keep = 1 - c1 - cmu * sumW + (1 - hsig) * c1 * cc * (2 - cc)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let rankMu = 0
      for (let k = 0; k < lambda; k++) rankMu += wRank[k]! * ys[k]![i]! * ys[k]![j]!
      const v = keep * s.C[i * n + j]! + c1 * pc[i]! * pc[j]! + cmu * rankMu
      C[i * n + j] = v
      C[j * n + i] = v
    }
  }
  const sigma = Math.min(1e4, s.sigma * Math.exp((cs / ds) * (psNorm / chiN - 1)))
  const { B, D } = decompose(C, n)

  const A = Float64Array.from(s.A)
  correctMargin(axes.numeric, mean, A, sigma, C, n, alpha)

  const probs = s.probs.map((p, j) => learnChoices(p, sorted, weights.subarray(0, mu), j, catRate, lambda))
  const best = sorted[0]!.f
  const worst = sorted[sorted.length - 1]!.f
  const term = 10 + Math.ceil((30 * n) / lambda)
  const funhist = [...s.funhist, best, worst].slice(-2 * term)
  const state: CmaState = { ...s, generation: s.generation + 1, mean, sigma, C, B, D, ps, pc, A, probs, funhist }
  const stop = stopReason(state, term)
  return stop ? { state, stop } : { state }
}

/**
 * Per-choice probabilities of one categorical axis, moved toward the weighted frequencies of the choices among the
 * generation's best μ (a PBIL / natural-gradient step on a categorical distribution, as in Akimoto's ASNG and
 * Hamano's CatCMA), in proportion to how much of the weight the axis was active in; floored at 1/(k·λ) so no choice
 * is ever ruled out.
 */
function learnChoices(p: Float64Array, sorted: readonly Evaluated[], weights: Float64Array, j: number, rate: number, lambda: number): Float64Array {
  const counts = new Float64Array(p.length)
  let active = 0
  for (let k = 0; k < weights.length; k++) {
    const c = sorted[k]!.choices[j]!
    if (c < 0) continue
    counts[c] = counts[c]! + weights[k]!
    active += weights[k]!
  }
  if (active === 0) return p
  const floor = 1 / (p.length * lambda)
  const out = Float64Array.from(p, (v, c) => Math.max(floor, (1 - rate * active) * v + rate * counts[c]!))
  const sum = out.reduce((a, b) => a + b, 0)
  for (let c = 0; c < out.length; c++) out[c] = out[c]! / sum
  return out
}

/** Hansen's termination criteria that signal a stalled run (the cmaes library's `should_stop`, tolerances above). */
function stopReason(s: CmaState, term: number): StopReason | undefined {
  const { n, sigma, C, D, B, mean, pc } = s
  if (n === 0) return undefined
  if (s.generation > term && s.funhist.length >= 2 * term && Math.max(...s.funhist) - Math.min(...s.funhist) < TOL_FUN) return 'flat'
  let small = true
  for (let i = 0; i < n; i++) if (sigma * Math.sqrt(C[i * n + i]!) >= TOL_X || Math.abs(sigma * pc[i]!) >= TOL_X) small = false
  if (small) return 'tolx'
  for (let i = 0; i < n; i++) if (mean[i] === mean[i]! + 0.2 * sigma * Math.sqrt(C[i * n + i]!)) return 'noeffect'
  const a = s.generation % n
  let moved = false
  for (let i = 0; i < n; i++) if (mean[i] !== mean[i]! + 0.1 * sigma * D[a]! * B[i * n + a]!) moved = true
  if (!moved) return 'noeffect'
  let max = 0
  let min = Infinity
  for (const d of D) {
    max = Math.max(max, d)
    min = Math.min(min, d)
  }
  if ((max / min) ** 2 > MAX_CONDITION) return 'condition'
  return undefined
}
