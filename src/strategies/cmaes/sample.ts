import type { Params, SearchSpace } from '../../space/types.js'
import { createKeyedRng, type Rng } from '../../util/rng.js'
import { type Axes, decode } from './axes.js'
import { mulBDz } from './linalg.js'
import { evalCoordinate } from './margin.js'
import type { CmaesOptions } from './options.js'
import type { CmaState } from './state.js'

/** One member of a generation: what CMA-ES drew for a slot, and the parameters that point is. */
export interface Candidate {
  readonly slot: number
  /** The vector drawn (what the update learns from), continuous axes inside the unit box. */
  readonly x: Float64Array
  readonly choices: Int32Array
  readonly params: Params
  /** paramsKey(params): how a finished trial is traced back to its slot. */
  readonly key: string
}

/**
 * The slot-th member of the state's current generation. Its randomness comes from (seed, run, generation, slot)
 * alone, not from the ask: replaying the history draws the same points again, so each finished trial is traced
 * back to the exact vector it came from (rounded and inactive coordinates included), and a resumed or distributed
 * study learns exactly what an uninterrupted one does.
 */
export function drawCandidate(space: SearchSpace, axes: Axes, s: CmaState, seed: number, slot: number, bounds: CmaesOptions['bounds']): Candidate {
  const rng = createKeyedRng(`${seed}/cmaes/${s.restart}/${s.generation}/${slot}`)
  const { n } = s
  let x = new Float64Array(n)
  // Resample until the continuous coordinates fall inside the box (up to 10·n times, as the cmaes library), then clip.
  // Axes that are not resampled (discrete ones, conditional ones under `auto`, all under `clip`) keep what was drawn
  // and are evaluated at the clipped value.
  const resampled = axes.numeric.map((a) => a.thresholds.length === 0 && (bounds === 'resample' || (bounds === 'auto' && a.param.when === undefined)))
  const resample = resampled.some(Boolean)
  const attempts = resample ? Math.max(1, 10 * n) : 1
  for (let attempt = 0; attempt < attempts; attempt++) {
    const z = Float64Array.from({ length: n }, () => gaussian(rng))
    const bdz = mulBDz(s.B, s.D, z, n)
    for (let i = 0; i < n; i++) x[i] = s.mean[i]! + s.sigma * bdz[i]!
    if (resampled.every((r, i) => !r || (x[i]! >= 0 && x[i]! <= 1))) break
    // When resampling fails, the drawn point itself is clipped on the resampled axes (the cmaes library's repair).
    if (resample && attempt === attempts - 1) x = Float64Array.from(x, (v, i) => (resampled[i] ? Math.min(1, Math.max(0, v)) : v))
  }
  const xEval = Float64Array.from(axes.numeric, (a, i) => evalCoordinate(a, x[i]!, s.mean[i]!, s.A[i]!))
  const drawn = Int32Array.from(s.probs, (p) => drawChoice(p, rng()))
  const params = decode(space, axes, xEval, drawn)
  // Inactive choices carry no signal for the choice probabilities.
  const choices = drawn.map((c, j) => (Object.hasOwn(params, axes.categorical[j]!.param.name) ? c : -1))
  return { slot, x, choices, params, key: paramsKey(space, params) }
}

/** A key for a configuration independent of the order its keys were stored in (PostgreSQL's jsonb reorders them). */
export function paramsKey(space: SearchSpace, params: Params): string {
  let key = ''
  for (const p of space.parameters) {
    const v = params[p.name]
    key += v === undefined ? '\u0000,' : `${JSON.stringify(v)},`
  }
  return key
}

function drawChoice(p: Float64Array, u: number): number {
  let acc = 0
  for (let c = 0; c < p.length; c++) {
    acc += p[c]!
    if (u < acc) return c
  }
  return p.length - 1
}

/** A standard normal draw (Box–Muller; two uniforms per draw keeps the count fixed). */
function gaussian(rng: Rng): number {
  const u = 1 - rng()
  const v = rng()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}
