import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadRuns } from '../../bench/compare.js'
import { loadSuite } from '../../bench/problems.js'
import { runOne } from '../../bench/sample-efficiency.js'

/**
 * Single-objective tpe must propose exactly what it did before multi-objective studies existed: its defaults were tuned
 * on these figures. The runs are replayed against bench/results/tpe.json and tpe-optuna.json (written by
 * `npm run bench -- sample-efficiency` before MOTPE), every best-so-far value identical. A problem of each kind:
 * continuous, conditional and categorical.
 */
// The suite lives next to the repository (../shared/bench from the repo root), not inside it.
const SUITE = resolve(process.cwd(), '../shared/bench/problems.json')
const present = existsSync(SUITE)
const suite = present ? loadSuite(SUITE) : []
const cases: [string, Record<string, unknown>, string][] = [
  ['bench/results/tpe.json', {}, 'branin'],
  ['bench/results/tpe.json', {}, 'jenatton'],
  ['bench/results/tpe-optuna.json', { preset: 'optuna' }, 'categorical_heavy'],
]

describe.skipIf(!present)('single-objective tpe is unchanged by MOTPE', () => {
  for (const [file, options, name] of cases) {
    it(`replays ${name} (seed 0) exactly as ${file} recorded it`, async () => {
      const stored = loadRuns(file).find((r) => r.problem === name && r.seed === 0)
      const problem = suite.find((p) => p.name === name)
      expect(stored && problem).toBeTruthy()
      expect(await runOne(problem!, 'tpe', options, 0)).toEqual(stored!.best_so_far)
    })
  }
})
