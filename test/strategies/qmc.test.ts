import { describe, expect, it } from 'vitest'
import type { Params, SearchSpaceInput } from '../../src/index.js'
import { askSequence } from '../helpers/study.js'

const UNIT_SQUARE: SearchSpaceInput = { parameters: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } }

/** Empty cells of an 8x8 grid over the unit square after placing the points. */
function emptyCells(points: readonly Params[]): number {
  const filled = new Set(points.map((p) => `${Math.floor((p.x as number) * 8)},${Math.floor((p.y as number) * 8)}`))
  return 64 - filled.size
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length
  const ma = mean(a)
  const mb = mean(b)
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}

describe('qmc (scrambled Halton)', () => {
  it('fills the unit square better than random: 64 points leave clearly fewer of 64 cells empty', async () => {
    // Random: each cell stays empty with probability (63/64)^64 ≈ 0.37, about 23 of 64.
    const seeds = [1, 2, 3, 4, 5, 6]
    const qmc: number[] = []
    const random: number[] = []
    for (const seed of seeds) {
      qmc.push(emptyCells(await askSequence({ space: UNIT_SQUARE, strategy: { name: 'qmc', seed }, n: 64 })))
      random.push(emptyCells(await askSequence({ space: UNIT_SQUARE, strategy: { name: 'random', seed }, n: 64 })))
    }
    const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length
    expect(mean(random)).toBeGreaterThan(15)
    // Plain Halton (bases 2 and 3) leaves 9 of these cells empty: 8 rows are not a power of 3. Random scrambling keeps
    // it about there, and 15 is more than three standard deviations (about 2.5) below random's 23.
    expect(Math.max(...qmc), `qmc ${qmc.join(',')} random ${random.join(',')}`).toBeLessThanOrEqual(15)
    expect(mean(qmc)).toBeLessThan(0.6 * mean(random))
    for (let i = 0; i < seeds.length; i++) expect(qmc[i]!).toBeLessThan(random[i]!)
  })

  it('stratifies each axis as a Halton sequence does: 2^6 points one per 1/64 on the base-2 axis, 3^4 one per 1/81 on the base-3 axis', async () => {
    const points = await askSequence({ space: UNIT_SQUARE, strategy: { name: 'qmc', seed: 42 }, n: 81 })
    const xs = new Set(points.slice(0, 64).map((p) => Math.floor((p.x as number) * 64)))
    const ys = new Set(points.map((p) => Math.floor((p.y as number) * 81)))
    expect(xs.size).toBe(64)
    expect(ys.size).toBe(81)
  })

  it('does not correlate high dimensions the way plain Halton does', async () => {
    // Plain Halton with bases 109 and 113 puts its first 100 points on a line (both radical inverses are about i/b).
    const parameters: Record<string, { type: 'float'; low: number; high: number }> = {}
    for (let d = 0; d < 30; d++) parameters[`p${String(d).padStart(2, '0')}`] = { type: 'float', low: 0, high: 1 }
    const points = await askSequence({ space: { parameters }, strategy: { name: 'qmc', seed: 3 }, n: 100 })
    const r = correlation(
      points.map((p) => p.p28 as number),
      points.map((p) => p.p29 as number),
    )
    expect(Math.abs(r)).toBeLessThan(0.4)
  })

  it('handles more parameters than its first table of prime bases (256)', async () => {
    // Regression: dimension 256 and up had no base, and ask crashed with a TypeError.
    const parameters: Record<string, { type: 'float'; low: number; high: number }> = {}
    for (let d = 0; d < 300; d++) parameters[`p${d}`] = { type: 'float', low: 0, high: 1 }
    const points = await askSequence({ space: { parameters }, strategy: { name: 'qmc', seed: 5 }, n: 20 })
    for (const p of points) {
      expect(Object.keys(p)).toHaveLength(300)
      for (const v of Object.values(p)) expect(v as number).toBeGreaterThanOrEqual(0)
      for (const v of Object.values(p)) expect(v as number).toBeLessThan(1)
    }
    expect(new Set(points.map((p) => p.p299)).size).toBe(20)
  })

  it('maps through every transform: log axes are stratified in log space, int and step axes hit every lattice point early', async () => {
    const space: SearchSpaceInput = {
      parameters: {
        lr: { type: 'float', low: 1e-4, high: 1, log: true }, // base 2
        k: { type: 'int', low: 0, high: 7 }, // base 3
        s: { type: 'float', low: 0, high: 1, step: 0.25 }, // base 5
      },
    }
    const points = await askSequence({ space, strategy: { name: 'qmc', seed: 8 }, n: 64 })
    // log10(lr) in [-4, 0]: 64 points, one in each of 64 equal slices of the log range.
    expect(new Set(points.map((p) => Math.floor(((Math.log10(p.lr as number) + 4) / 4) * 64))).size).toBe(64)
    expect(new Set(points.map((p) => p.k))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]))
    expect(new Set(points.slice(0, 25).map((p) => p.s))).toEqual(new Set([0, 0.25, 0.5, 0.75, 1]))
  })
})
