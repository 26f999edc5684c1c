import type { Rng } from '../../rng.js'
import { normQuantile } from './math.js'
import { logDensity, type Candidates, type Parzen } from './parzen.js'

/**
 * A local search on the acquisition: starting from the winning candidate, `steps` Gaussian moves of the
 * continuous coordinates (scale × l's observation bandwidth per axis), each kept when it raises
 * log l − log g. Discrete coordinates stay as drawn.
 */
export function refine(l: Parzen, g: Parzen, start: Candidates, steps: number, scale: number, rng: Rng): Candidates {
  const c = l.layout.cont.length
  if (c === 0 || steps <= 0) return start
  const cur = { count: 1, cont: Float64Array.from(start.cont), disc: Int32Array.from(start.disc) }
  const next = { count: 1, cont: new Float64Array(c), disc: cur.disc }
  const a = new Float64Array(1)
  const b = new Float64Array(1)
  logDensity(l, cur, a)
  logDensity(g, cur, b)
  let score = a[0]! - b[0]!
  for (let s = 0; s < steps; s++) {
    for (let j = 0; j < c; j++) {
      const x = cur.cont[j]! + scale * l.sigma[j]! * normQuantile(Math.min(1 - 1e-12, Math.max(1e-12, rng())))
      next.cont[j] = x < 0 ? 0 : x > 1 ? 1 : x
    }
    logDensity(l, next, a)
    logDensity(g, next, b)
    if (a[0]! - b[0]! > score) {
      score = a[0]! - b[0]!
      cur.cont.set(next.cont)
    }
  }
  return cur
}
