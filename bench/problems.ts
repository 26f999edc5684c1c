import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Params, ParamSpec } from '../src/index.js'
import { type ObjectiveFn, objectives } from './problems/index.js'

export { FAMILIES, type Family, familyOf, type ObjectiveFn, objectives } from './problems/index.js'

/** One problem of the shared suite (`problems.json`), with its objective (bench/problems/) attached. */
export interface BenchProblem {
  readonly name: string
  readonly group: string
  readonly budget: number
  readonly optimum: number
  readonly argmin: Readonly<Params>
  /** The bare parameter map of problems.json (wrap it as `{ parameters }` for a study). */
  readonly space: Readonly<Record<string, ParamSpec>>
  readonly objective: ObjectiveFn
}

interface SuiteFile {
  readonly problems: readonly Omit<BenchProblem, 'objective'>[]
}

/** Reads a problems.json (a path relative to the working directory) and attaches each problem's objective. */
export function loadSuite(path: string): BenchProblem[] {
  const suite = JSON.parse(readFileSync(resolve(path), 'utf8')) as SuiteFile
  return suite.problems.map((p) => {
    const objective = objectives[p.name]
    if (!objective) throw new Error(`${path}: no objective implemented for problem "${p.name}"`)
    return { ...p, objective }
  })
}
