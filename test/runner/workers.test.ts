import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { explainSkip, PG_URL, useTestDatabase } from '../helpers/pg.js'
import { ROOT, tempDir, tunekit, tunekitAsync } from '../helpers/cli.js'

explainSkip('test/runner/workers.test.ts')

interface ReportTrial {
  number: number
  state: string
  params: Record<string, unknown>
  error: { reason: string } | null
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe.skipIf(!PG_URL)('distributed sweeps: tunekit worker on one PostgreSQL study', () => {
  const db = useTestDatabase()

  it('4 workers, 2 killed with SIGKILL mid-trial: the others finish the budget, nothing lost or duplicated, the killed trials fail as "worker lost"', async () => {
    const dir = tempDir()
    const pids = tempDir('tunekit-worker-pids-')
    const file = join(dir, 'exp.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'grid-4',
        space: { parameters: { x: { type: 'categorical', choices: [0.1, 0.2, 0.3, 0.4] }, layers: { type: 'int', low: 1, high: 4 } } },
        objective: { metric: 'loss', direction: 'minimize' },
        strategy: { name: 'grid', seed: 1 },
        trainer: { command: [process.execPath, join(ROOT, 'test/fixtures/sweep/quadratic.mjs'), '--x', '{x}'], killGraceSeconds: 1 },
        budget: { trials: 8 },
        parallel: 1,
        heartbeat: { intervalSeconds: 0.2, graceSeconds: 2 },
      }),
    )
    const env = { SLEEP_MS: '1500', PID_DIR: pids }
    const workers = [0, 1, 2, 3].map(() => tunekitAsync(['worker', file, '--storage', db.url()], { env }))
    await waitFor(() => readdirSync(pids).length >= 4, 30_000)
    workers[0]!.child.kill('SIGKILL')
    workers[1]!.child.kill('SIGKILL')
    const [a, b] = await Promise.all([workers[2]!.done, workers[3]!.done])
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    // Any worker fails a lost trial once its heartbeat is older than the grace period; one more (which finds the budget met) makes sure.
    await new Promise((r) => setTimeout(r, 2100))
    expect(tunekit(['worker', file, '--storage', db.url()]).code).toBe(0)

    const report = tunekit(['report', db.url(), '--format', 'json'])
    expect(report.code, report.stderr).toBe(0)
    const trials = (JSON.parse(report.stdout) as { trials: ReportTrial[] }).trials
    const complete = trials.filter((t) => t.state === 'complete')
    expect(complete.length).toBeGreaterThanOrEqual(8)
    expect(complete.length).toBeLessThanOrEqual(8 + 2) // at most the trials already running when the budget was met
    const numbers = trials.map((t) => t.number)
    expect(new Set(numbers).size).toBe(numbers.length)
    const cells = complete.map((t) => JSON.stringify([t.params.x, t.params.layers]))
    expect(new Set(cells).size).toBe(cells.length) // no grid cell ran twice
    const lost = trials.filter((t) => t.state === 'fail')
    expect(lost.length).toBeGreaterThanOrEqual(2)
    for (const t of lost) expect(t.error?.reason).toBe('worker lost')
    expect(trials.some((t) => t.state === 'running')).toBe(false)
  })

  it('a refused connection is one line naming the host, exit 2', () => {
    const dir = tempDir()
    const file = join(dir, 'exp.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'x',
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        objective: { metric: 'loss' },
        trainer: { command: [process.execPath, join(ROOT, 'test/fixtures/sweep/quadratic.mjs')] },
        budget: { trials: 1 },
      }),
    )
    const started = Date.now()
    const r = tunekit(['worker', file, '--storage', 'postgres://postgres@127.0.0.1:1/nowhere'])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('127.0.0.1:1')
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
