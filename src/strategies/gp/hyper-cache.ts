import { fitHyper, defaultTheta } from './fit.js'
import type { Points } from './kernel.js'
import { warp, type Warp } from './warp.js'

/**
 * Hyperparameters as a pure function of the history, fitted only at checkpoints of the number n of finished
 * trials: every n up to 40, then n = ⌈40·1.1^k⌉ (so a 500-trial study refits every ~45 trials, not every ask); between
 * checkpoints the last checkpoint's θ serves. A checkpoint's fit uses the first c finished trials (by trial number)
 * and starts from the previous checkpoint's θ (warm start, few iterations), except at powers of two and at the first
 * fit, which start from defaultTheta with more iterations: so θ is defined by the history alone, a cold process (a
 * resume, another worker) recomputes at most the chain back to the last power of two, and the cache below only
 * saves that work. It is keyed by c and a hash of the first c finished trials' numbers and values.
 */
export class HyperCache {
  private readonly fits = new Map<string, Float64Array>()

  constructor(
    private readonly warpKind: Warp,
    private readonly minFinished: number,
  ) {}

  /** θ for a history whose finished trials (in trial-number order) are rows 0..n−1 of `all`, values `raw`, prefix hashes `hashes`. */
  thetaFor(all: Points, raw: Float64Array, hashes: readonly number[]): Float64Array {
    return this.fitAt(checkpointAtOrBelow(all.n), all, raw, hashes)
  }

  private fitAt(c: number, all: Points, raw: Float64Array, hashes: readonly number[]): Float64Array {
    const key = `${c}/${hashes[c - 1]}`
    const hit = this.fits.get(key)
    if (hit) return hit
    const prev = previousCheckpoint(c)
    const cold = prev < this.minFinished || isPowerOfTwo(c)
    const start = cold ? defaultTheta(all.dims) : this.fitAt(prev, all, raw, hashes)
    const points: Points = { x: all.x.subarray(0, c * all.dims), n: c, dims: all.dims, categorical: all.categorical }
    const y = warp(raw.subarray(0, c), this.warpKind)
    const theta = fitHyper(points, y, start, cold ? 100 : 15)
    this.fits.set(key, theta)
    if (this.fits.size > 256) this.fits.delete(this.fits.keys().next().value!)
    return theta
  }
}

const DENSE = 40

export function checkpointAtOrBelow(n: number): number {
  if (n <= DENSE) return n
  let c = DENSE
  for (;;) {
    const next = Math.ceil(c * 1.1)
    if (next > n) return c
    c = next
  }
}

export function previousCheckpoint(c: number): number {
  if (c <= DENSE) return c - 1
  let p = DENSE
  for (;;) {
    const next = Math.ceil(p * 1.1)
    if (next >= c) return p
    p = next
  }
}

function isPowerOfTwo(c: number): boolean {
  return (c & (c - 1)) === 0
}

/** FNV-1a over (number, value) pairs, one hash per prefix. */
export function prefixHashes(numbers: readonly number[], values: Float64Array): number[] {
  const out: number[] = []
  const buf = new Float64Array(1)
  const bytes = new Uint8Array(buf.buffer)
  let h = 0x811c9dc5
  for (let i = 0; i < numbers.length; i++) {
    for (const v of [numbers[i]!, values[i]!]) {
      buf[0] = v
      for (let b = 0; b < 8; b++) h = Math.imul(h ^ bytes[b]!, 0x01000193) >>> 0
    }
    out.push(h)
  }
  return out
}
