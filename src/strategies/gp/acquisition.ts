import type { Rng } from '../../util/rng.js'
import type { GpCodec } from './encode.js'
import { logH } from './normal.js'
import type { Posterior } from './posterior.js'

/** log EI of a minimisation below `best`: log σ + log h((best − μ)/σ), finite however far from the incumbent. */
export function logEI(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(variance)
  return Math.log(sigma) + logH((best - mean) / sigma)
}

export interface AcquisitionOptions {
  /** Quasi-random points of the sweep over the whole box. */
  readonly sweep: number
  /** Points drawn around each of the best observed points (local exploitation the sweep is too coarse for). */
  readonly around: number
  /** Coordinate searches started from the best points of the sweep. */
  readonly localStarts: number
}

const FIRST_PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113]

/**
 * Maximises logEI over the box: a Halton sweep (Cranley–Patterson shifted by the ask's rng, so that two studies, or a
 * re-ask after a lost race, sweep different points), plus Gaussian steps around the best observed points, then a
 * coordinate search from the `localStarts` best candidates (numeric axes by shrinking steps scaled by the fitted
 * lengthscale, lattice axes by one lattice step, categorical axes through every choice). Returns the winning row.
 */
export function maximizeAcquisition(
  post: Posterior,
  best: number,
  codec: GpCodec,
  seeds: readonly Float64Array[],
  rng: Rng,
  o: AcquisitionOptions,
): Float64Array {
  const D = codec.dims.length
  const total = o.sweep + o.around * seeds.length
  const cand = new Float64Array(total * D)
  const shift = Float64Array.from({ length: D }, () => rng())
  for (let i = 0; i < o.sweep; i++) {
    for (let d = 0; d < D; d++) {
      const u = (radicalInverse(i + 1, prime(d)) + shift[d]!) % 1
      cand[i * D + d] = unitToDim(codec, d, u)
    }
  }
  const lengthscale = Float64Array.from(post.hyper.lambda, (l) => 1 / Math.sqrt(l))
  let row = o.sweep
  for (const s of seeds) {
    for (let k = 0; k < o.around; k++, row++) {
      for (let d = 0; d < D; d++) {
        const dim = codec.dims[d]!
        if (dim.kind === 'cat') cand[row * D + d] = rng() < 1 / D ? Math.floor(rng() * dim.levels) : Math.max(0, s[d]!)
        else cand[row * D + d] = codec.snap(d, s[d]! + gauss(rng) * 0.2 * Math.min(1, lengthscale[d]!))
      }
    }
  }
  const score = new Float64Array(total)
  for (let i = 0; i < total; i++) {
    const { mean, variance } = post.predict(cand, i)
    score[i] = logEI(mean, variance, best)
  }
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => score[b]! - score[a]!)
  let winner: Float64Array = cand.slice(order[0]! * D, order[0]! * D + D)
  let winnerScore = score[order[0]!]!
  const starts = order.slice(0, o.localStarts)
  for (const s of starts) {
    const r = coordinateSearch(post, best, codec, cand.slice(s * D, s * D + D), score[s]!, lengthscale)
    if (r.score > winnerScore) {
      winner = r.x
      winnerScore = r.score
    }
  }
  return winner
}

/** Coordinate-search step sizes (times the axis's lengthscale, at most 1), two passes each. */
const STEPS = [0.1, 0.02, 0.004]

function coordinateSearch(
  post: Posterior,
  best: number,
  codec: GpCodec,
  x: Float64Array,
  fx: number,
  lengthscale: Float64Array,
): { x: Float64Array; score: number } {
  const D = codec.dims.length
  const trial = Float64Array.from(x)
  const evalAt = (v: Float64Array): number => {
    const { mean, variance } = post.predict(v, 0)
    return logEI(mean, variance, best)
  }
  const tryValue = (d: number, u: number): boolean => {
    if (u === x[d]) return false
    trial[d] = u
    const f = evalAt(trial)
    if (f > fx) {
      x[d] = u
      fx = f
      return true
    }
    trial[d] = x[d]!
    return false
  }
  for (const step of STEPS) {
    for (let pass = 0; pass < 2; pass++) {
      let improved = false
      for (let d = 0; d < D; d++) {
        const dim = codec.dims[d]!
        if (dim.kind === 'cat') {
          if (step !== STEPS[0]) continue
          for (let c = 0; c < dim.levels; c++) if (tryValue(d, c)) improved = true
        } else if (dim.discrete) {
          if (step !== STEPS[0]) continue
          for (const u of codec.neighbours(d, x[d]!)) if (tryValue(d, u)) improved = true
        } else {
          const h = step * Math.min(1, lengthscale[d]!)
          if (tryValue(d, codec.snap(d, x[d]! + h)) || tryValue(d, codec.snap(d, x[d]! - h))) improved = true
        }
      }
      if (!improved) break
    }
  }
  return { x, score: fx }
}

function unitToDim(codec: GpCodec, d: number, u: number): number {
  const dim = codec.dims[d]!
  return dim.kind === 'cat' ? Math.min(dim.levels - 1, Math.floor(u * dim.levels)) : codec.snap(d, u)
}

function prime(d: number): number {
  if (d < FIRST_PRIMES.length) return FIRST_PRIMES[d]!
  let c = FIRST_PRIMES[FIRST_PRIMES.length - 1]!
  while (FIRST_PRIMES.length <= d) {
    c += 2
    if (FIRST_PRIMES.every((p) => c % p !== 0)) FIRST_PRIMES.push(c)
  }
  return FIRST_PRIMES[d]!
}

function radicalInverse(i: number, b: number): number {
  let x = 0
  let f = 1 / b
  while (i > 0) {
    x += (i % b) * f
    i = Math.floor(i / b)
    f /= b
  }
  return x
}

function gauss(rng: Rng): number {
  const u = Math.max(rng(), 1e-300)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng())
}
