import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir, tunekit, tunekitAsync } from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')

interface StoredTrial {
  number: number
  state: string
  value: number | null
  params: Record<string, unknown>
  error: { reason: string } | null
}

function experiment(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, 'exp.json')
  writeFileSync(
    file,
    JSON.stringify({
      name: 'quad',
      space: { parameters: { x: { type: 'float', low: 0, high: 1 }, layers: { type: 'int', low: 1, high: 4 } } },
      objective: { metric: 'loss', direction: 'minimize' },
      strategy: { name: 'random', seed: 1 },
      trainer: { command: [process.execPath, FIXTURE, '--x', '{x}'], timeoutSeconds: 30 },
      budget: { trials: 6 },
      parallel: 2,
      ...overrides,
    }),
  )
  return file
}

function storedTrials(store: string): StoredTrial[] {
  const data = JSON.parse(readFileSync(store, 'utf8')) as { studies: { trials: StoredTrial[] }[] }
  return data.studies[0]!.trials
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('tunekit run with a command trainer', () => {
  it('runs a sweep in parallel, stores every trial, and reports it as JSON and CSV', () => {
    const dir = tempDir()
    const r = tunekit(['run', experiment(dir)])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('reached the budget of 6 finished trials')
    const store = join(dir, 'runs/quad.json')
    const trials = storedTrials(store)
    expect(trials.filter((t) => t.state === 'complete')).toHaveLength(6)
    for (const t of trials) {
      const x = t.params.x as number
      const layers = t.params.layers as number
      expect(t.value).toBeCloseTo((x - 0.3) ** 2 + (layers - 2) ** 2 / 10, 12)
    }
    const json = tunekit(['report', store, '--format', 'json'])
    expect(json.code).toBe(0)
    const report = JSON.parse(json.stdout) as { experiment: Record<string, unknown>; trials: Record<string, unknown>[]; best: { value: number } }
    expect(Object.keys(report.experiment).sort()).toEqual(['direction', 'metric', 'name', 'space', 'strategy'])
    expect(Object.keys(report.trials[0]!).sort()).toEqual([
      'durationMs',
      'error',
      'finishedAt',
      'intermediate',
      'metrics',
      'number',
      'params',
      'startedAt',
      'state',
      'value',
    ])
    expect(report.trials[0]!.intermediate).toEqual([
      { step: 1, value: (report.trials[0]!.value as number) + 1 },
      { step: 2, value: (report.trials[0]!.value as number) + 0.5 },
    ])
    expect(report.best.value).toBe(Math.min(...trials.map((t) => t.value!)))
    const csv = tunekit(['report', store, '--format', 'csv'])
    expect(csv.stdout.split('\r\n')[0]).toBe('number,state,value,param_x,param_layers,metric_loss,metric_argv_x,started_at,finished_at,duration_ms,error')
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(7)
  })

  it('resumes after SIGKILL: completed trials survive, numbers are not reused, the budget is met', async () => {
    const dir = tempDir()
    const file = experiment(dir, { budget: { trials: 12 } })
    const store = join(dir, 'runs/quad.json')
    const first = tunekitAsync(['run', file], { env: { SLEEP_MS: '150' } })
    await waitFor(() => (first.output().stderr.match(/ complete loss=/g) ?? []).length >= 4, 20_000)
    first.child.kill('SIGKILL')
    await first.done
    const before = storedTrials(store).filter((t) => t.state === 'complete')
    expect(before.length).toBeGreaterThanOrEqual(4)
    expect(before.length).toBeLessThan(12)
    const second = tunekit(['run', file], { env: { SLEEP_MS: '0' } })
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toMatch(/resuming: \d+ trials already stored/)
    const after = storedTrials(store)
    for (const t of before) expect(after.find((a) => a.number === t.number)).toMatchObject({ state: 'complete', value: t.value, params: t.params })
    const numbers = after.map((t) => t.number)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
    expect(after.filter((t) => t.state === 'complete')).toHaveLength(12)
    for (const t of after.filter((a) => a.state === 'fail')) expect(t.error?.reason).toBe('interrupted')
    expect(after.some((t) => t.state === 'running')).toBe(false)
  })

  it('refuses a second writer, and Ctrl-C stops every trainer and leaves the store resumable', async () => {
    const dir = tempDir()
    const pids = tempDir('tunekit-pids-')
    const file = experiment(dir, { budget: { trials: 4 } })
    const store = join(dir, 'runs/quad.json')
    const first = tunekitAsync(['run', file], { env: { SLEEP_MS: '60000', PID_DIR: pids } })
    await waitFor(() => readdirSync(pids).length >= 2, 20_000)
    const second = tunekit(['run', file])
    expect(second.code).toBe(2)
    expect(second.stderr).toContain('quad.json: in use by process')
    expect(second.stderr.trim().split('\n')).toHaveLength(1)
    first.child.kill('SIGINT')
    const r = await first.done
    expect(r.code).toBe(130)
    for (const f of readdirSync(pids)) expect(alive(Number(f.replace('.pid', '')))).toBe(false)
    const trials = storedTrials(store)
    expect(trials).toHaveLength(2)
    for (const t of trials) expect(t).toMatchObject({ state: 'fail', error: { reason: 'interrupted' } })
    expect(existsSync(`${store}.lock`)).toBe(false)
    const resumed = tunekit(['run', file])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(storedTrials(store).filter((t) => t.state === 'complete')).toHaveLength(4)
  })

  it('refuses a truncated store and leaves it byte for byte as it was', () => {
    const dir = tempDir()
    const file = experiment(dir, { budget: { trials: 2 } })
    expect(tunekit(['run', file]).code).toBe(0)
    const store = join(dir, 'runs/quad.json')
    const text = readFileSync(store, 'utf8')
    writeFileSync(store, text.slice(0, Math.floor(text.length / 2)))
    const truncated = readFileSync(store)
    const r = tunekit(['run', file, '--trials', '4'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${join('runs', 'quad.json')}: corrupt store`)
    expect(readFileSync(store).equals(truncated)).toBe(true)
    const report = tunekit(['report', store])
    expect(report.code).toBe(2)
    expect(readFileSync(store).equals(truncated)).toBe(true)
    // --fresh moves it aside (never deletes it) and starts over.
    const fresh = tunekit(['run', file, '--fresh'])
    expect(fresh.code, fresh.stderr).toBe(0)
    const aside = readdirSync(join(dir, 'runs')).filter((f) => f.startsWith('quad.') && f !== 'quad.json' && f.endsWith('.json'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dir, 'runs', aside[0]!)).equals(truncated)).toBe(true)
  })

  it('rejects an invalid experiment before anything runs or is written, listing every problem', () => {
    const dir = tempDir()
    const file = experiment(dir, {
      strategy: { name: 'bayes' },
      trainer: { builtin: 'linear-regression', options: { samples: -1, colour: 'red' } },
      space: { parameters: { learning_rate: { type: 'float', low: 0.001, high: 1, log: true }, lerning_rate: { type: 'float', low: 0, high: 1 } } },
      objective: { metric: 'accuracy' },
      budget: { trials: 0 },
    })
    const r = tunekit(['run', file])
    expect(r.code).toBe(2)
    for (const path of ['/strategy/name', '/trainer/options/colour', '/space/parameters/lerning_rate', '/objective/metric', '/budget/trials']) {
      expect(r.stderr).toContain(`${file}: ${path}: `)
    }
    expect(existsSync(join(dir, 'runs'))).toBe(false)
  })
})
