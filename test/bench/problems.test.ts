import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSuite, objectives } from '../../bench/problems.js'
import type { Params } from '../../src/index.js'

// The suite lives next to the repository (../shared/bench from the repo root), not inside it.
const SHARED = resolve(process.cwd(), '../shared/bench')
const present = existsSync(resolve(SHARED, 'problems.json')) && existsSync(resolve(SHARED, 'golden.json'))
if (!present) console.log(`skipping the benchmark problem checks: ${SHARED} (problems.json, golden.json) is absent`)

interface Golden {
  readonly problems: Readonly<Record<string, readonly { readonly params: Params; readonly value: number }[]>>
}

/** Relative agreement with an absolute floor for values at (or near) zero, like Ackley's 4.4e-16 optimum. */
function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.abs(expected) + 1e-12
}

describe.skipIf(!present)('benchmark objectives', () => {
  const suite = present ? loadSuite(resolve(SHARED, 'problems.json')) : []
  const golden = present ? (JSON.parse(readFileSync(resolve(SHARED, 'golden.json'), 'utf8')) as Golden) : { problems: {} }

  it('implements every problem of the suite, and only those', () => {
    expect(suite.map((p) => p.name).sort()).toEqual(Object.keys(objectives).sort())
  })

  for (const name of Object.keys(objectives)) {
    it(`${name}: reaches the known optimum at the argmin`, () => {
      const p = suite.find((x) => x.name === name)!
      expect(close(p.objective(p.argmin), p.optimum)).toBe(true)
    })

    it(`${name}: reproduces every golden value to 1e-9 relative`, () => {
      const points = golden.problems[name] ?? []
      expect(points.length).toBeGreaterThanOrEqual(25)
      const f = objectives[name]!
      const misses = points.filter((g) => !close(f(g.params), g.value)).map((g) => ({ params: g.params, want: g.value, got: f(g.params) }))
      expect(misses).toEqual([])
    })
  }

  it('the optimum is a minimum: nearby points are not lower', () => {
    for (const p of suite) {
      const f = p.objective
      const base = f(p.argmin)
      for (const [k, v] of Object.entries(p.argmin)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) continue
        // Integers move by one; floats by a small step inside the bounds.
        const spec = p.space[k]!
        const step = spec.type === 'int' ? 1 : 1e-3
        for (const s of [-step, step]) {
          const moved = { ...p.argmin, [k]: v + s }
          expect(f(moved)).toBeGreaterThanOrEqual(base - 1e-12)
        }
      }
    }
  })
})
