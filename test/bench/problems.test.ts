import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FAMILIES, familyOf, loadSuite, objectives } from '../../bench/problems.js'
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

  it('puts every problem in one of the families the benchmark reports, each family non-empty', () => {
    expect(suite.filter((p) => familyOf(p.name) === 'other').map((p) => p.name)).toEqual([])
    for (const f of FAMILIES) expect(suite.some((p) => familyOf(p.name) === f)).toBe(true)
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

  it('the optimum is a minimum: nearby points and other choices are not lower', () => {
    for (const p of suite) {
      const f = p.objective
      const base = f(p.argmin)
      const dependedOn = new Set(Object.values(p.space).flatMap((s) => Object.keys(s.when ?? {})))
      for (const [k, v] of Object.entries(p.argmin)) {
        const spec = p.space[k]!
        const moves: (typeof v)[] = []
        if (spec.type === 'categorical') {
          // Another choice of a parameter nothing depends on keeps the point valid (choices may be numbers: no arithmetic).
          if (!dependedOn.has(k)) moves.push(...spec.choices.filter((c) => c !== v))
        } else if (spec.type === 'int' || spec.type === 'float') {
          // Integers move by their step; floats by a small step; neither leaves the bounds (r8's minimum is on one).
          const step = spec.type === 'int' ? (spec.step ?? 1) : 1e-3
          for (const s of [-step, step]) if (typeof v === 'number' && v + s >= spec.low && v + s <= spec.high) moves.push(v + s)
        }
        for (const m of moves)
          expect({ problem: p.name, [k]: m, value: f({ ...p.argmin, [k]: m }) >= base - 1e-12 }).toEqual({ problem: p.name, [k]: m, value: true })
      }
    }
  })
})
