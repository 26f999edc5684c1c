import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir, tunekit } from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')
const SPACE = {
  parameters: {
    x: { type: 'float', low: 0, high: 1 },
    layers: { type: 'int', low: 1, high: 4 },
    act: { type: 'categorical', choices: ['relu', '-tanh', 1] },
  },
}

function experiment(dir: string, name: string, file = 'exp.json'): string {
  const path = join(dir, file)
  writeFileSync(
    path,
    JSON.stringify({
      name,
      space: SPACE,
      objective: { metric: 'loss' },
      strategy: { name: 'random', seed: 2 },
      trainer: { command: [process.execPath, FIXTURE, '--x', '{x}'] },
      budget: { trials: 5 },
    }),
  )
  return path
}

describe('tunekit import', () => {
  it('report --format csv output imports back unchanged; a store imports too, appended with new numbers', () => {
    const dir = tempDir()
    expect(tunekit(['run', experiment(dir, 'src')]).code).toBe(0)
    const csv = tunekit(['report', join(dir, 'runs/src.json'), '--format', 'csv']).stdout
    writeFileSync(join(dir, 'trials.csv'), csv)
    const copy = experiment(dir, 'copy', 'copy.json')
    const r = tunekit(['import', copy, join(dir, 'trials.csv')])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/imported 5 trials into "copy" as trials 0-4 \(numbers and times kept\)/)
    expect(tunekit(['report', join(dir, 'runs/copy.json'), '--format', 'csv']).stdout).toBe(csv)

    const fromStore = tunekit(['import', copy, join(dir, 'runs/src.json')])
    expect(fromStore.code, fromStore.stderr).toBe(0)
    expect(fromStore.stdout).toMatch(/imported 5 trials into "copy" as trials 5-9;/)
    const json = JSON.parse(tunekit(['report', join(dir, 'runs/copy.json'), '--format', 'json']).stdout) as {
      trials: { number: number; params: unknown; value: number }[]
    }
    expect(json.trials.slice(5).map((t) => [t.params, t.value])).toEqual(json.trials.slice(0, 5).map((t) => [t.params, t.value]))
    // The strategy learns from them: a resumed run counts them toward its budget.
    expect(tunekit(['run', copy]).stderr).toMatch(/budget of 5 finished trials is already met/)
  }, 60_000)

  it('lists every rejected row with its reason and imports nothing; --skip-invalid imports the rest', () => {
    const dir = tempDir()
    const exp = experiment(dir, 'j')
    const lines = [
      { params: { x: 0.5, layers: 2, act: 'relu' }, value: 1 },
      { params: { x: 1.5, layers: 2, act: 'relu' }, value: 1 },
      { params: { x: 0.5, act: 'relu' }, value: 1 },
      { params: { x: 0.5, layers: 2, act: 'relu', lr: 3 }, value: 1 },
      { params: { x: 0.5, layers: 2, act: 'relu' }, state: 'running' },
      { params: { x: 0.5, layers: 2, act: 'relu' }, state: 'complete', value: null },
      { params: { x: 0.2, layers: 3, act: 1 }, state: 'fail', error: { reason: 'OOM' } },
    ]
    writeFileSync(join(dir, 't.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`)
    const r = tunekit(['import', exp, join(dir, 't.jsonl')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/6 of 8 rows rejected; nothing was imported/)
    for (const m of [
      /line 2: params: 1.5 is not a valid value of "x"/,
      /line 3: params: "layers" is missing/,
      /line 4: params: "lr" is not a parameter of the space/,
      /line 5: state "running": only finished trials/,
      /line 6: a complete trial needs a finite value/,
      /line 8: not JSON/,
    ])
      expect(r.stderr).toMatch(m)
    expect(tunekit(['report', join(dir, 'runs/j.json')]).code).not.toBe(0)
    const skip = tunekit(['import', exp, join(dir, 't.jsonl'), '--skip-invalid'])
    expect(skip.code, skip.stderr).toBe(0)
    expect(skip.stdout).toMatch(/imported 2 trials/)
    const stored = JSON.parse(readFileSync(join(dir, 'runs/j.json'), 'utf8')) as { studies: { trials: { state: string; params: { act: unknown } }[] }[] }
    expect(stored.studies[0]!.trials.map((t) => [t.state, t.params.act])).toEqual([
      ['complete', 'relu'],
      ['fail', 1],
    ])
  }, 60_000)
})
