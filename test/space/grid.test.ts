import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { gridCells, gridSize, loadSpaceFile, parseSpace } from '../../src/index.js'
import { gridCellAt } from '../../src/space/grid.js'
import type { Params, SearchSpaceInput } from '../../src/index.js'
import { ALL_AXES, ALL_AXES_EFFECTIVE, CONDITIONAL, conditionalGridSize, configKey, configProblems } from '../helpers/space.js'

const GOOD = fileURLToPath(new URL('../fixtures/spaces/good/', import.meta.url))

function checkCells(input: SearchSpaceInput, cells: readonly Params[]): void {
  const keys = new Set(cells.map(configKey))
  expect(keys.size, 'duplicate cells').toBe(cells.length)
  for (const c of cells) expect(configProblems(input, c), JSON.stringify(c)).toEqual([])
}

describe('grid cells', () => {
  it('counts an unconditional space exactly', () => {
    const input: SearchSpaceInput = {
      parameters: {
        c: { type: 'categorical', choices: ['a', 'b', 'c'] }, // 3
        i: { type: 'int', low: 1, high: 5 }, // 5
        s: { type: 'float', low: 0, high: 1, step: 0.25 }, // 0, .25, .5, .75, 1: 5
        f: { type: 'float', low: -1, high: 1 }, // gridPoints
        k: { type: 'constant', value: 7 }, // 1
      },
    }
    const space = parseSpace(input)
    for (const gp of [1, 2, 4]) {
      const cells = gridCells(space, gp)
      expect(gridSize(space, gp)).toBe(3 * 5 * 5 * gp)
      expect(cells).toHaveLength(3 * 5 * 5 * gp)
      checkCells(input, cells)
    }
    // The float axis takes its ends and evenly spaced points between.
    expect([...new Set(gridCells(space, 5).map((c) => c.f))].sort((a, b) => Number(a) - Number(b))).toEqual([-1, -0.5, 0, 0.5, 1])
  })

  it('counts a conditional space exactly: only valid combinations', () => {
    const space = parseSpace(CONDITIONAL)
    for (const gp of [1, 3, 5]) {
      const cells = gridCells(space, gp)
      expect(gridSize(space, gp)).toBe(conditionalGridSize(gp))
      expect(cells).toHaveLength(conditionalGridSize(gp))
      checkCells(CONDITIONAL, cells)
    }
  })

  it('never yields two cells that differ only in an inactive parameter', () => {
    const cells = gridCells(parseSpace(CONDITIONAL), 2)
    // Strip every parameter that is not active: if two cells then coincide, one of them varied an inactive one.
    const seen = new Set<string>()
    for (const c of cells) {
      const key = configKey(c)
      expect(seen.has(key)).toBe(false)
      seen.add(key)
    }
    const adam = cells.filter((c) => c.optimizer === 'adam')
    expect(adam.every((c) => !('use_momentum' in c) && !('nesterov' in c))).toBe(true)
    expect(adam).toHaveLength(2 * 6 * 2)
  })

  it('walks every int, the lowered step lattice, and log ends exactly', () => {
    const space = parseSpace(ALL_AXES)
    // f: gp, f_log: gp, f_step: 0.1 .. 0.9 (5), i: 11, i_log: every int 1..1000, i_step: 4, c: 3, k: 1
    expect(gridSize(space, 2)).toBe(2 * 2 * 5 * 11 * 1000 * 4 * 3)
    const pick = (s: SearchSpaceInput): SearchSpaceInput => ({
      parameters: { f_step: s.parameters.f_step!, i_step: s.parameters.i_step!, f_log: s.parameters.f_log! },
    })
    const cells = gridCells(parseSpace(pick(ALL_AXES)), 7)
    expect(cells).toHaveLength(5 * 4 * 7)
    checkCells(pick(ALL_AXES_EFFECTIVE), cells)
    const logs = new Set(cells.map((c) => c.f_log))
    expect(logs.has(1e-5)).toBe(true)
    expect(logs.has(0.3)).toBe(true)
  })

  it('keeps every float grid value within its bounds whatever the range', () => {
    // Regression: exp(log(low)) and low + (high - low) can round to just outside [low, high].
    const ranges: [number, number, boolean][] = [
      [1e-5, 0.1, true],
      [0.001, 0.3, true],
      [1e-7, 3e-2, true],
      [0.1, 0.7, false],
      [0.2, 0.3, false],
      [-0.3, 0.1, false],
    ]
    for (const [low, high, log] of ranges) {
      const input: SearchSpaceInput = { parameters: { x: { type: 'float', low, high, log } } }
      for (const gp of [2, 3, 7, 11]) checkCells(input, gridCells(parseSpace(input), gp))
    }
  })

  it('counts the fixtures by hand', () => {
    expect(gridSize(loadSpaceFile(join(GOOD, 'step-lowers-high.json')))).toBe(6 * 6 * 7) // dropout 0..0.5, batch 16..96, exact 0.5..2
    expect(gridSize(loadSpaceFile(join(GOOD, 'names-and-edges.json')))).toBe(3)
    expect(gridSize(loadSpaceFile(join(GOOD, 'conditional.json')), 4)).toBe(conditionalGridSize(4))
  })

  it('refuses a grid larger than the limit instead of running out of memory', () => {
    const space = parseSpace({ parameters: { a: { type: 'int', low: 0, high: 9999 }, b: { type: 'int', low: 0, high: 9999 } } })
    expect(gridSize(space)).toBe(10_000 * 10_000)
    expect(() => gridCells(space)).toThrow(/limit/)
  })

  it('decodes any cell by its index (gridCellAt) exactly as the full listing orders them', () => {
    const chained: SearchSpaceInput = {
      parameters: {
        d: { type: 'float', low: 0, high: 1, step: 0.5, when: { c: [1, 3] } },
        c: { type: 'int', low: 1, high: 3, when: { b: 'on' } },
        b: { type: 'categorical', choices: ['on', 'off'], when: { a: [true] } },
        a: { type: 'categorical', choices: [true, false] },
        free: { type: 'int', low: 0, high: 1 },
      },
    }
    for (const [input, gp] of [
      [CONDITIONAL, 1],
      [CONDITIONAL, 3],
      [chained, 5],
      [ALL_AXES, 1],
    ] as const) {
      const space = parseSpace({ parameters: Object.fromEntries(Object.entries(input.parameters).filter(([k]) => k !== 'i_log')) })
      const cells = gridCells(space, gp)
      for (let i = 0; i < cells.length; i++) expect(gridCellAt(space, i, gp)).toEqual(cells[i])
    }
  })
})
