import { describe, expect, it } from 'vitest'
import { loadDataset } from '../../src/index.js'

describe('loadDataset (public)', () => {
  it('splits a shipped dataset by seed, scales with training statistics, and says its task and classes', () => {
    const d = loadDataset('digits')
    expect(d).toMatchObject({ features: 64, task: 'classification', classes: 10 })
    expect(d.train.rows + d.validation.rows).toBe(1797)
    expect(Math.abs(d.validation.rows - 1797 * 0.2)).toBeLessThan(10)
    expect(d.train.x).toHaveLength(d.train.rows * 64)
    // Column 20 of the training rows: mean 0 after scaling (fitted on them); not so for the validation rows exactly.
    let mean = 0
    for (let r = 0; r < d.train.rows; r++) mean += d.train.x[r * 64 + 20]!
    expect(Math.abs(mean / d.train.rows)).toBeLessThan(1e-9)
    expect(loadDataset('digits').train.y).toEqual(d.train.y)
    expect(loadDataset('digits', { seed: 1 }).train.x).not.toEqual(d.train.x)
    const raw = loadDataset('digits', { scale: false, validationFraction: 0.5 })
    expect(Math.abs(raw.validation.rows - 1797 * 0.5)).toBeLessThan(10) // stratified: rounded per class
    expect(raw.train.x.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true)
    expect(loadDataset('diabetes')).toMatchObject({ task: 'regression', classes: undefined })
  })
})
