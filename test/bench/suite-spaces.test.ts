import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type BenchProblem, loadSuite } from '../../bench/problems.js'
import { createStudy, gridSize, isTunekitError, type Params, type ParamValue, parseSpace, type SearchSpaceInput } from '../../src/index.js'
import { configKey, configProblems } from '../helpers/space.js'

// The suite lives next to the repository (../shared/bench from the repo root), not inside it.
const SHARED = resolve(process.cwd(), '../shared/bench')
const present = existsSync(resolve(SHARED, 'problems.json'))
if (!present) console.log(`skipping the suite's search-space checks: ${SHARED}/problems.json is absent`)

/** Float axes need gridPoints for a grid; a space of ints, steps and choices is enumerated as it is. */
const GRID_POINTS = 3
const enumerable = (space: SearchSpaceInput): boolean => Object.values(space.parameters).every((s) => s.type !== 'float' || s.step !== undefined)

interface Case {
  readonly strategy: string
  readonly options: Readonly<Record<string, unknown>>
  /** Trials asked (a grid stops earlier when exhausted). */
  readonly trials: number
  /** Asks made before telling them (several running trials at once: TPE's constant liar). */
  readonly batch: number
  /** Whether every choice and both states of every conditional parameter must show up (not for a strategy that focuses). */
  readonly covers: boolean
}

function cases(space: SearchSpaceInput): Case[] {
  return [
    { strategy: 'random', options: {}, trials: 60, batch: 1, covers: true },
    { strategy: 'qmc', options: {}, trials: 60, batch: 1, covers: true },
    { strategy: 'grid', options: enumerable(space) ? {} : { gridPoints: GRID_POINTS }, trials: 120, batch: 1, covers: true },
    // 10 start-up trials, then the model: joint kernels, independent ones, and asks made while others run.
    { strategy: 'tpe', options: {}, trials: 30, batch: 1, covers: false },
    { strategy: 'tpe', options: { multivariate: false }, trials: 30, batch: 1, covers: false },
    { strategy: 'tpe', options: {}, trials: 30, batch: 3, covers: false },
    { strategy: 'cmaes', options: {}, trials: 30, batch: 1, covers: false },
    { strategy: 'cmaes', options: {}, trials: 30, batch: 3, covers: false },
  ]
}

/** Runs one study through ask/tell on the problem's objective; returns every proposal and the objective's values. */
async function runStudy(problem: BenchProblem, c: Case): Promise<{ proposals: Params[]; values: number[]; exhausted: boolean }> {
  const study = await createStudy({ space: { parameters: problem.space }, strategy: { name: c.strategy, seed: 7, ...c.options } })
  const proposals: Params[] = []
  const values: number[] = []
  let exhausted = false
  try {
    while (proposals.length < c.trials && !exhausted) {
      const asked = []
      for (let j = 0; j < c.batch && proposals.length + asked.length < c.trials; j++) {
        try {
          asked.push(await study.ask())
        } catch (e) {
          if (!(isTunekitError(e) && e.code === 'STRATEGY_EXHAUSTED')) throw e
          exhausted = true
          break
        }
      }
      for (const t of asked) {
        proposals.push({ ...t.params })
        const v = problem.objective(t.params)
        values.push(v)
        await study.tell(t, v)
      }
    }
  } finally {
    await study.close()
  }
  return { proposals, values, exhausted }
}

/** What the proposals failed to show: a choice never proposed, a conditional parameter never present or never absent. */
function missing(space: SearchSpaceInput, proposals: readonly Params[]): string[] {
  const out: string[] = []
  for (const [name, spec] of Object.entries(space.parameters)) {
    const values: ParamValue[] = proposals.filter((p) => Object.hasOwn(p, name)).map((p) => p[name]!)
    if (spec.type === 'categorical') for (const c of spec.choices) if (!values.includes(c)) out.push(`${name} = ${JSON.stringify(c)} never proposed`)
    if (values.length === 0) out.push(`${name} never present`)
    if (spec.when && values.length === proposals.length) out.push(`${name} never absent though conditional`)
  }
  return out
}

describe.skipIf(!present)("the suite's search spaces", () => {
  const suite = present ? loadSuite(resolve(SHARED, 'problems.json')) : []

  it('has 20 problems, whose spaces parse as given (no step adjusted, every parameter kept)', () => {
    expect(suite).toHaveLength(20)
    for (const p of suite) {
      const parsed = parseSpace({ parameters: p.space }, p.name)
      expect({ problem: p.name, notes: parsed.notes, names: parsed.parameters.map((q) => q.name).sort() }).toEqual({
        problem: p.name,
        notes: [],
        names: Object.keys(p.space).sort(),
      })
    }
  })

  for (const p of suite) {
    const space: SearchSpaceInput = { parameters: p.space }
    for (const c of cases(space)) {
      const label = `${c.strategy}${Object.keys(c.options).length ? ` ${JSON.stringify(c.options)}` : ''}${c.batch > 1 ? `, ${c.batch} asks at a time` : ''}`
      it(`${p.name}, ${label}: every proposal has exactly the active parameters, each with a valid value, and the objective evaluates`, async () => {
        const { proposals, values, exhausted } = await runStudy(p, c)
        const problems = proposals.flatMap((x) => configProblems(space, x).map((m) => `${JSON.stringify(x)}: ${m}`))
        expect(problems).toEqual([])
        expect(values.filter((v) => !Number.isFinite(v))).toEqual([])
        if (c.strategy === 'grid') {
          // A grid proposes each cell once, and stops only when every cell is taken.
          expect(new Set(proposals.map(configKey)).size).toBe(proposals.length)
          const size = gridSize(parseSpace(space), enumerable(space) ? undefined : GRID_POINTS)
          expect({ proposals: proposals.length, exhausted }).toEqual({ proposals: Math.min(size, c.trials), exhausted: size < c.trials })
        } else {
          expect(proposals).toHaveLength(c.trials)
        }
        if (c.covers) expect(missing(space, proposals)).toEqual([])
      })
    }
  }
})
