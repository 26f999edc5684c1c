import { describe, expect, it } from 'vitest'
import { gridCells, gridSize, parseSpace } from '../../src/index.js'
import { gridCellAt, randomGridCell } from '../../src/space/grid.js'
import { isValidValue } from '../../src/space/transform.js'
import { createRng } from '../../src/util/rng.js'

/** Issue 11, items 7 and 11: work bounded by the size of the file, never by the number of values an axis stands for. */
describe('bounded work on huge spaces', () => {
  const huge = parseSpace({
    parameters: {
      n: { type: 'int', low: 0, high: 1e12 },
      mode: { type: 'categorical', choices: ['a', 'b'] },
      // A condition on the huge axis: the values it names branch, the other 1e12 - 1 are one run.
      extra: { type: 'int', low: 1, high: 3, when: { n: [7, 500_000_000_000] } },
    },
  })

  it('counts and decodes a grid over an int axis of 1e12 values without a per-value allocation (item 7)', () => {
    const before = process.memoryUsage().heapUsed
    const size = gridSize(huge)
    expect(size).toBe((1e12 + 1 - 2) * 2 + 2 * 2 * 3)
    for (const index of [0, 1, 13, 14, 15, 29, size / 2, size - 1]) {
      const cell = gridCellAt(huge, index)
      for (const p of huge.parameters) if (cell[p.name] !== undefined) expect(isValidValue(p, cell[p.name]), JSON.stringify(cell)).toBe(true)
    }
    // n = 7 is the 8th value: cells 14..19 are (7, a|b, 1..3); 7 * 2 cells come before it.
    expect(gridCellAt(huge, 14)).toEqual({ n: 7, mode: 'a', extra: 1 })
    expect(gridCellAt(huge, 19)).toEqual({ n: 7, mode: 'b', extra: 3 })
    expect(gridCellAt(huge, 20)).toEqual({ n: 8, mode: 'a' })
    expect(gridCellAt(huge, size - 1)).toEqual({ n: 1e12, mode: 'b' })
    const rng = createRng(1)
    for (let k = 0; k < 20; k++) expect(Object.keys(randomGridCell(huge, rng))).toContain('n')
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024)
    expect(() => gridCells(huge)).toThrow(/limit/)
  })

  it('decodes a conditional int axis (runs of values no condition names) exactly as the listing orders it', () => {
    const space = parseSpace({
      parameters: {
        k: { type: 'int', low: 0, high: 20, step: 2 },
        c: { type: 'categorical', choices: ['x', 'y', 'z'], when: { k: [2, 8, 20] } },
        d: { type: 'int', low: 0, high: 1, when: { c: 'y', k: 8 } },
        e: { type: 'constant', value: 1, when: { k: 0 } },
      },
    })
    const cells = gridCells(space)
    expect(gridSize(space)).toBe(cells.length)
    expect(cells.length).toBe(8 + 3 + 4 + 3) // 7 plain k values and k=0 (with e), k=2 and k=20 (3 each), k=8 (x, y0, y1, z)
    for (let i = 0; i < cells.length; i++) expect(gridCellAt(space, i)).toEqual(cells[i])
  })

  it('draws cells of a grid past 2^53 cells uniformly per axis, without an index (item 7)', () => {
    const space = parseSpace({ parameters: { a: { type: 'int', low: 0, high: 1e12 }, b: { type: 'int', low: 0, high: 1e12 } } })
    expect(gridSize(space)).toBeGreaterThan(Number.MAX_SAFE_INTEGER)
    const rng = createRng(2)
    const cells = Array.from({ length: 200 }, () => randomGridCell(space, rng))
    expect(new Set(cells.map((c) => `${c.a},${c.b}`)).size).toBe(200)
    expect(cells.some((c) => Number(c.a) > 5e11)).toBe(true)
  })

  it('validates 200,000 choices in linear time and names the first duplicate pair (item 11)', () => {
    const choices = Array.from({ length: 200_000 }, (_, i) => `choice-${i}`)
    const started = performance.now()
    const space = parseSpace({ parameters: { c: { type: 'categorical', choices }, u: { type: 'int', low: 0, high: 1, when: { c: 'choice-199999' } } } })
    const ms = performance.now() - started
    // Pairwise (ajv's uniqueItems) took 5.9 s for 40,000 choices: 200,000 would take about 150 s.
    expect(ms).toBeLessThan(10_000)
    expect(isValidValue(space.parameters[0]!, 'choice-123456')).toBe(true)
    expect(isValidValue(space.parameters[0]!, 'choice-200000')).toBe(false)
    expect(() => parseSpace({ parameters: { c: { type: 'categorical', choices: [...choices, 'choice-17'] } } })).toThrow(
      /\/parameters\/c\/choices: must not contain duplicates \(items 17 and 200000 are equal\)/,
    )
  }, 60_000)

  it('refuses a float range whose width overflows to Infinity', () => {
    expect(() => parseSpace({ parameters: { x: { type: 'float', low: -1e308, high: 1e308 } } })).toThrow(/\/parameters\/x\/high: high - low must be a finite/)
  })
})
