import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/cli/options.js'
import { ROOT, tempDir, tunekit } from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')

function experiment(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, 'exp.json')
  writeFileSync(
    file,
    JSON.stringify({
      name: 'huge',
      space: { parameters: { x: { type: 'float', low: 0, high: 1 }, layers: { type: 'int', low: 0, high: 1e12 } } },
      objective: { metric: 'loss' },
      strategy: { name: 'random', seed: 1 },
      trainer: { command: [process.execPath, FIXTURE], timeoutSeconds: 30 },
      budget: { trials: 2 },
      ...overrides,
    }),
  )
  return file
}

/** Issue 11, items 7 and 9 (the flag): bounded work and bounded flags. */
describe('bounds', () => {
  it('the flags that override a file have the file schema bounds', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'experiments/experiment.schema.json'), 'utf8')) as {
      properties: {
        parallel: { maximum: number }
        budget: { properties: { trials: { maximum: number } } }
        strategy: { properties: { seed: { maximum: number } } }
      }
    }
    expect(LIMITS.parallel).toBe(schema.properties.parallel.maximum)
    expect(LIMITS.trials).toBe(schema.properties.budget.properties.trials.maximum)
    expect(LIMITS.seed).toBe(schema.properties.strategy.properties.seed.maximum)
  })

  it('--parallel 3000 and --parallel -3 are refused with the flag range, exit 2, nothing written (item 9, 16)', () => {
    const dir = tempDir()
    const file = experiment(dir)
    for (const [value, shown] of [
      ['3000', '"3000"'],
      ['-3', '"-3"'],
      ['0', '"0"'],
    ]) {
      const r = tunekit(['run', file, '--parallel', value!])
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toContain(`--parallel must be an integer from 1 to 256, not ${shown}`)
      expect(r.stderr).not.toContain('ambiguous')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
    expect(tunekit(['run', file, '--trials=-1']).stderr).toContain('--trials must be an integer from 1 to 100000000')
    expect(existsSync(join(dir, 'runs'))).toBe(false)
  })

  it('validate counts a grid over an int range of 1e12 values at once (item 7)', () => {
    const dir = tempDir()
    const space = join(dir, 'space.json')
    writeFileSync(space, JSON.stringify({ parameters: { n: { type: 'int', low: 0, high: 1e12 }, m: { type: 'int', low: 1, high: 1e12 } } }))
    const r = tunekit(['validate', space])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`grid size ${(1e12 + 1) * 1e12}`)
    const e = tunekit(['validate', experiment(dir, { strategy: { name: 'grid' } })])
    expect(e.code, e.stderr).toBe(0)
    expect(e.stdout).toContain(`grid size ${5 * (1e12 + 1)}`)
  })

  for (const strategy of ['grid', 'random', 'tpe']) {
    it(`a ${strategy} sweep over an int range of 1e12 values runs (item 7)`, () => {
      const dir = tempDir()
      const r = tunekit(['run', experiment(dir, { strategy: { name: strategy, seed: 3 } })])
      expect(r.code, r.stderr).toBe(0)
      const store = JSON.parse(readFileSync(join(dir, 'runs/huge.json'), 'utf8')) as { studies: { trials: { state: string; params: { layers: number } }[] }[] }
      const trials = store.studies[0]!.trials
      expect(trials.map((t) => t.state)).toEqual(['complete', 'complete'])
      for (const t of trials) expect(Number.isInteger(t.params.layers) && t.params.layers >= 0 && t.params.layers <= 1e12).toBe(true)
    })
  }
})
