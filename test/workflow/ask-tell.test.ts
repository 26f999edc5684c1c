import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStorage } from '../../src/storage/index.js'
import { CLI, ROOT, tempDir, tunekit } from '../helpers/cli.js'
import { explainSkip, PG_URL, useTestDatabase } from '../helpers/pg.js'

const LOOP = join(ROOT, 'test/fixtures/ask-tell-loop.sh')
const BUDGET = 8

function experiment(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'exp.json')
  writeFileSync(
    file,
    JSON.stringify({
      name: 'shell',
      space: { parameters: { x: { type: 'float', low: -1, high: 1 }, y: { type: 'int', low: 0, high: 3 } } },
      objective: { metric: 'loss' },
      strategy: { name: 'random', seed: 5 },
      trainer: { command: ['true'] },
      budget: { trials: BUDGET },
      ...extra,
    }),
  )
  return file
}

function loop(exp: string, log: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [LOOP, CLI, exp, log], { env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

/** Four loops at once; then every told trial is in the store, complete with its value, numbers unique, budget kept. */
async function fourLoops(dir: string, exp: string, store: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const logs = [0, 1, 2, 3].map((i) => join(dir, `loop${i}.log`))
  const ends = await Promise.all(logs.map((log) => loop(exp, log, env)))
  for (const e of ends) expect(e.code, e.stderr).toBe(0)
  const told = logs
    .flatMap((l) => (existsSync(l) ? readFileSync(l, 'utf8').trim().split('\n') : []))
    .map((line) => line.split(' ').map(Number) as [number, number])
  const numbers = told.map(([n]) => n)
  expect(new Set(numbers).size).toBe(numbers.length)
  expect(numbers.length).toBe(BUDGET)
  // More than one loop got work: they really ran at once.
  expect(logs.filter((l) => existsSync(l)).length).toBeGreaterThan(1)
  const storage = await openStorage(store, { readonly: true })
  try {
    const trials = await storage.getTrials('shell')
    expect(trials.length).toBe(BUDGET)
    for (const [n, v] of told) expect(trials.find((t) => t.number === n)).toMatchObject({ state: 'complete', value: v })
  } finally {
    await storage.close()
  }
}

describe('tunekit ask / tell / report-step from the shell', () => {
  it('four shell loops on one lowdb store wait for the lock: unique numbers, no lost tell, the budget kept', async () => {
    const dir = tempDir()
    await fourLoops(dir, experiment(dir), join(dir, 'runs/shell.json'))
    const again = tunekit(['ask', experiment(dir), '--json'])
    expect(again.code).toBe(4)
    expect(again.stderr).toMatch(/budget of 8 finished trials is met/)
  }, 120_000)

  it('tell refuses a told trial; --state fail and pruned; report-step exits 3 when the pruner says stop; an untold trial goes stale', () => {
    const dir = tempDir()
    const exp = experiment(dir, { pruner: { name: 'median', startupTrials: 1, warmupSteps: 0 }, heartbeat: { graceSeconds: 1 } })
    const ask = () => JSON.parse(tunekit(['ask', exp, '--json']).stdout) as { number: number; params: Record<string, number>; seed: number }
    const a = ask()
    expect(Object.keys(a.params).sort()).toEqual(['x', 'y'])
    expect(tunekit(['report-step', exp, String(a.number), '--step', '1', '--value', '0.5']).code).toBe(0)
    expect(tunekit(['tell', exp, String(a.number), '--value', '0.5']).code).toBe(0)
    const told = tunekit(['tell', exp, String(a.number), '--value', '0.4'])
    expect(told.code).toBe(1)
    expect(told.stderr).toMatch(/already finished/)
    const b = ask()
    const worse = tunekit(['report-step', exp, String(b.number), '--step', '1', '--value', '9'])
    expect(worse.code, worse.stderr).toBe(3)
    expect(tunekit(['tell', exp, String(b.number), '--state', 'pruned']).stdout).toMatch(/pruned loss=9/)
    const c = ask()
    expect(tunekit(['tell', exp, String(c.number), '--state', 'fail', '--error', 'OOM']).stdout).toMatch(/fail/)
    expect(tunekit(['tell', exp, '99', '--value', '1']).stderr).toMatch(/does not exist/)
    expect(tunekit(['tell', exp, '0', '--value', '1', '--state', 'fail']).code).toBe(2)
    const d = ask()
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1300)
    ask() // fails d as lost: nobody told it within graceSeconds
    const late = tunekit(['tell', exp, String(d.number), '--value', '1'])
    expect(late.code).toBe(1)
    const report = JSON.parse(tunekit(['report', join(dir, 'runs/shell.json'), '--format', 'json']).stdout) as {
      trials: { number: number; state: string; error: { reason: string; message?: string } | null }[]
    }
    expect(report.trials.find((t) => t.number === c.number)?.error).toEqual({ reason: 'told failed', message: 'OOM' })
    expect(report.trials.find((t) => t.number === d.number)).toMatchObject({ state: 'fail', error: { reason: 'worker lost' } })
  }, 60_000)
})

describe.skipIf(!PG_URL)('tunekit ask / tell on PostgreSQL', () => {
  const db = useTestDatabase()
  it('four shell loops at once: unique numbers, no lost tell, the budget kept', async () => {
    const dir = tempDir()
    await fourLoops(dir, experiment(dir), db.url(), { TUNEKIT_STORAGE: db.url() })
  }, 120_000)
})

explainSkip('test/workflow/ask-tell.test.ts')
