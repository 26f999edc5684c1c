import { describe, expect, it } from 'vitest'
import { normQuantile } from '../../src/strategies/gp/normal.js'
import { warp } from '../../src/strategies/gp/warp.js'

const spread = (z: Float64Array, k: number): number => {
  const s = [...z].sort((a, b) => a - b).slice(0, k)
  return s[k - 1]! - s[0]!
}

describe('gp output warps (the power warp is the default)', () => {
  // A valley problem's history: most values near the optimum, a few far off (Rosenbrock, Dixon-Price).
  const valley = Float64Array.from([0.5, 0.9, 1.4, 2, 3.1, 4, 5.5, 7, 9, 12, 80, 400, 2_500, 30_000, 100_000])

  it('keeps the order and standardises (mean 0, sd 1)', () => {
    for (const kind of ['standard', 'power', 'rank'] as const) {
      const z = warp(valley, kind)
      for (let i = 1; i < z.length; i++) expect(z[i]!).toBeGreaterThan(z[i - 1]!)
      const mean = z.reduce((a, b) => a + b, 0) / z.length
      const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length)
      expect(mean).toBeCloseTo(0, 9)
      expect(sd).toBeCloseTo(1, 9)
    }
  })

  it('spreads out the values near the optimum that standardising squeezes together', () => {
    // Standardised, the ten best of these differ by 0.05 sd: the model is nearly flat where the optimum is.
    const tail = Float64Array.from([0.5, 0.9, 1.4, 2, 3.1, 4, 5.5, 7, 9, 12, 30, 60, 120, 300, 1000])
    const standard = spread(warp(tail, 'standard'), 10)
    expect(standard).toBeLessThan(0.05)
    expect(spread(warp(tail, 'power'), 10)).toBeGreaterThan(5 * standard)
    // Even a tail of 10^5 is compressed, if less (lambda stops at -2).
    expect(spread(warp(valley, 'power'), 10)).toBeGreaterThan(spread(warp(valley, 'standard'), 10))
  })

  it('leaves values that already look normal nearly as they are (lambda near 1)', () => {
    const normal = Float64Array.from({ length: 40 }, (_, i) => 3 + 2 * normQuantile((i + 0.5) / 40))
    const a = warp(normal, 'standard')
    const b = warp(normal, 'power')
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(0.1)
  })
})
