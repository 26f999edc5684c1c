import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TunekitError } from '../../src/errors.js'
import { createRng } from '../../src/util/rng.js'
import { fitScaler, loadDataset, parseCsv, prepareData, splitIndices, type Dataset } from '../../src/trainers/data.js'
import { thrown } from './context.js'

const dir = mkdtempSync(join(tmpdir(), 'tunekit-data-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function csvFile(name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

async function loadError(text: string): Promise<TunekitError> {
  const file = csvFile(`bad-${Math.random().toString(36).slice(2)}.csv`, text)
  const e = await thrown(() => loadDataset(file))
  expect(e).toBeInstanceOf(TunekitError)
  expect((e as TunekitError).file).toBe(file)
  return e as TunekitError
}

describe('CSV loading', () => {
  it('reads features row-major and the last column as the target, tolerating CRLF and a trailing newline', () => {
    const d = loadDataset(csvFile('ok.csv', 'a,b,target\r\n1,2,0\r\n3,4.5,1\r\n\r\n'))
    expect(d.featureNames).toEqual(['a', 'b'])
    expect(d.targetName).toBe('target')
    expect([d.rows, d.features]).toEqual([2, 2])
    expect([...d.x]).toEqual([1, 2, 3, 4.5])
    expect([...d.y]).toEqual([0, 1])
  })

  it('loads every shipped dataset by name, with the documented shapes', () => {
    const shapes = { iris: [150, 4], breast_cancer: [569, 30], digits: [1797, 64], diabetes: [442, 10] }
    for (const [name, shape] of Object.entries(shapes)) {
      const d = loadDataset(name)
      expect([d.rows, d.features], name).toEqual(shape)
      expect(d.targetName).toBe('target')
    }
  })

  it('names the file for a missing one', async () => {
    const file = join(dir, 'missing.csv')
    const e = await thrown(() => loadDataset(file))
    expect((e as TunekitError).code).toBe('FILE_NOT_FOUND')
    expect((e as Error).message).toContain(file)
  })

  it('names the file and line of a ragged row', async () => {
    const e = await loadError('a,b,target\n1,2,0\n3,4\n')
    expect(e.message).toMatch(/\.csv:3: the row has 2 cells but the header has 3/)
  })

  it('names the file, line and column of a non-numeric or empty cell', async () => {
    expect((await loadError('a,b,target\n1,2,0\n1,x,1\n')).message).toMatch(/\.csv:3: column "b" holds "x", which is not a finite number/)
    expect((await loadError('a,b,target\n1,,0\n')).message).toMatch(/\.csv:2: column "b" holds ""/)
  })

  it('refuses an empty file and a header without rows', async () => {
    expect((await loadError('')).message).toMatch(/\.csv:1: the file is empty/)
    expect((await loadError('a,target\n')).message).toMatch(/no data rows/)
  })

  it('re-reads a file that changed', () => {
    const file = csvFile('changing.csv', 'a,target\n1,0\n')
    expect(loadDataset(file).rows).toBe(1)
    writeFileSync(file, 'a,target\n1,0\n2,1\n')
    expect(loadDataset(file).rows).toBe(2)
  })
})

describe('splitIndices', () => {
  it('partitions the rows, deterministically for a seed', () => {
    const a = splitIndices(100, 0.2, createRng(1))
    const b = splitIndices(100, 0.2, createRng(1))
    const c = splitIndices(100, 0.2, createRng(2))
    expect(a).toEqual(b)
    expect(c.validation).not.toEqual(a.validation)
    expect(a.validation).toHaveLength(20)
    expect([...a.train, ...a.validation].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i))
  })

  it('stratifies by class', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1))
    const s = splitIndices(100, 0.25, createRng(0), labels)
    expect([...s.validation].filter((i) => labels[i] === 1)).toHaveLength(5)
    expect([...s.validation].filter((i) => labels[i] === 0)).toHaveLength(20)
  })

  it('keeps both sides non-empty on tiny data', () => {
    const s = splitIndices(2, 0.1, createRng(0))
    expect([s.train.length, s.validation.length]).toEqual([1, 1])
  })
})

describe('standardisation', () => {
  // Validation rows far from the training rows: statistics fitted on all rows would differ a lot from training ones.
  const rows = 50
  const x = new Float64Array(rows * 2)
  const y = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    x[i * 2] = i
    x[i * 2 + 1] = 7 // a constant column must map to 0, not NaN
    y[i] = i * 10
  }
  const data: Dataset = { file: 'synthetic', featureNames: ['a', 'c'], targetName: 'target', rows, features: 2, x, y }

  it('uses the training split statistics only, for features and target', () => {
    const p = prepareData(data, { seed: 0, validationFraction: 0.3, stratify: false, standardizeTarget: true })
    const trainA = [...p.trainIndex].map((i) => x[i * 2]!)
    const mean = trainA.reduce((s, v) => s + v, 0) / trainA.length
    const sd = Math.sqrt(trainA.reduce((s, v) => s + (v - mean) ** 2, 0) / trainA.length)
    expect(p.featureScaler.mean[0]).toBeCloseTo(mean, 12)
    expect(p.featureScaler.scale[0]).toBeCloseTo(sd, 12)
    // Training features come out with mean 0 and sd 1; validation ones are scaled by the same numbers.
    const xs = Array.from({ length: p.trainIndex.length }, (_, r) => p.xTrain[r * 2]!)
    expect(xs.reduce((s, v) => s + v, 0) / xs.length).toBeCloseTo(0, 12)
    expect(Math.sqrt(xs.reduce((s, v) => s + v * v, 0) / xs.length)).toBeCloseTo(1, 12)
    p.validationIndex.forEach((row, r) => {
      expect(p.xVal[r * 2]).toBeCloseTo((x[row * 2]! - mean) / sd, 12)
      expect(p.xVal[r * 2 + 1]).toBe(0)
      expect(p.yVal[r]).toBeCloseTo((y[row]! - p.targetScaler!.mean[0]!) / p.targetScaler!.scale[0]!, 12)
    })
    expect(p.targetScaler!.mean[0]).toBeCloseTo(mean * 10, 10)
  })

  it('differs from a scaler fitted on every row (so the check above can tell)', () => {
    const p = prepareData(data, { seed: 0, validationFraction: 0.3, stratify: false, standardizeTarget: false })
    const all = fitScaler(
      x,
      2,
      Array.from({ length: rows }, (_, i) => i),
    )
    expect(Math.abs(all.mean[0]! - p.featureScaler.mean[0]!)).toBeGreaterThan(0.01)
    expect([...p.yTrain]).toEqual([...p.trainIndex].map((i) => y[i]!))
  })

  it('parses what it is given without touching the file system', () => {
    expect(parseCsv('a,target\n1,2\n', 'inline.csv').rows).toBe(1)
  })
})
