import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir, tunekit } from '../helpers/cli.js'

describe('tunekit CLI basics', () => {
  it('prints help and exits 0', () => {
    const r = tunekit(['--help'])
    expect(r.code).toBe(0)
    for (const c of ['run', 'report', 'validate', 'sample']) expect(r.stdout).toContain(c)
    const v = tunekit(['validate', '--help'])
    expect(v.code).toBe(0)
    expect(v.stdout).toContain('usage: tunekit validate')
  })

  it('refuses an unknown command, an unknown flag and a missing argument with exit 2 and one line', () => {
    for (const args of [
      ['frobnicate'],
      ['validate', 'search-spaces/example.json', '--frob'],
      ['validate'],
      ['sample', 'search-spaces/example.json', '--format', 'xml'],
    ]) {
      const r = tunekit(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    }
  })

  it('a missing file and a file that is not JSON exit 2 naming the file', () => {
    const dir = tempDir()
    const bad = join(dir, 'broken.json')
    writeFileSync(bad, '{ "parameters": { "x": { "type": "float", } }')
    const missing = tunekit(['validate', join(dir, 'nope.json')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('nope.json')
    const notJson = tunekit(['validate', bad])
    expect(notJson.code).toBe(2)
    expect(notJson.stderr).toContain('broken.json')
    expect(notJson.stderr).toMatch(/line 1, column \d+/)
    expect(notJson.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('validate: one line with parameters, conditional ones and the grid size', () => {
    const r = tunekit(['validate', 'search-spaces/example.json'])
    expect(r.code).toBe(0)
    // 5 lr points x 50 iterations x 249 batch sizes x 4 inits x (sgd + 5 momentum values + adam)
    expect(r.stdout).toContain(`7 parameters (1 conditional), grid size ${5 * 50 * 249 * 4 * 7}`)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
  })

  it('validate: every error at once with the file and the JSON path, exit 2', () => {
    const dir = tempDir()
    const file = join(dir, 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({
        parameters: {
          learning_rate: { type: 'float', low: 0, high: 1, log: true },
          layers: { type: 'int', low: 5, high: 1 },
          momentum: { type: 'float', low: 0.5, high: 0.9, when: { optimiser: 'sgd' } },
        },
      }),
    )
    const r = tunekit(['validate', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file}: /parameters/learning_rate/low: must be > 0 when "log" is true`)
    expect(r.stderr).toContain(`${file}: /parameters/layers/high`)
    expect(r.stderr).toContain(`${file}: /parameters/momentum/when/optimiser: unknown parameter`)
  })

  it('validate reports a step that does not divide the range', () => {
    const dir = tempDir()
    const file = join(dir, 'step.json')
    writeFileSync(file, JSON.stringify({ parameters: { x: { type: 'float', low: 0, high: 1, step: 0.3 } } }))
    const r = tunekit(['validate', file])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/high lowered from 1 to 0\.9/)
  })

  it('sample: the same seed prints the same configurations, another seed others', () => {
    const a = tunekit(['sample', 'search-spaces/example.json', '--strategy', 'random', '--seed', '3', '-n', '5', '--format', 'json'])
    const b = tunekit(['sample', 'search-spaces/example.json', '--strategy', 'random', '--seed', '3', '-n', '5', '--format', 'json'])
    const c = tunekit(['sample', 'search-spaces/example.json', '--strategy', 'random', '--seed', '4', '-n', '5', '--format', 'json'])
    expect(a.code).toBe(0)
    const rows = a.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rows).toHaveLength(5)
    for (const r of rows) expect('momentum' in r).toBe(r.optimizer === 'momentum')
    expect(b.stdout).toBe(a.stdout)
    expect(c.stdout).not.toBe(a.stdout)
    const table = tunekit(['sample', 'search-spaces/example.json', '--strategy', 'grid', '-n', '3'])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/#\s+learning_rate\s+iterations/)
  })

  it('sample: an unknown strategy exits 2 listing the strategies', () => {
    const r = tunekit(['sample', 'search-spaces/example.json', '--strategy', 'bayes'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown strategy "bayes"; use one of .*random/)
  })
})
