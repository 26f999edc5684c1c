import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TunekitError } from '../../src/errors.js'
import { parseExperiment } from '../../src/experiment/load.js'
import { runSweep } from '../../src/runner/run-sweep.js'
import type { SweepEvent } from '../../src/runner/events.js'
import { ROOT, tempDir } from '../helpers/cli.js'
import { explainSkip, PG_URL, useTestDatabase } from '../helpers/pg.js'

explainSkip('test/storage/postgres-restart.test.ts')
const db = useTestDatabase()
const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')

/** A TCP proxy in front of the server: stopping it drops every connection and refuses new ones, as a restart does. */
class TcpProxy {
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  port = 0

  constructor(
    private readonly host: string,
    private readonly target: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target, this.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => {})
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve))
    this.port = (this.server.address() as { port: number }).port
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.server!.close(() => resolve()))
  }
}

async function through(): Promise<{ proxy: TcpProxy; url: string }> {
  const u = new URL(db.url())
  const proxy = new TcpProxy(u.hostname, Number(u.port || 5432))
  await proxy.start()
  u.host = `127.0.0.1:${proxy.port}`
  return { proxy, url: u.toString() }
}

function experiment(dir: string, url: string, name: string) {
  return parseExperiment(
    {
      name,
      space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      objective: { metric: 'loss', direction: 'minimize' },
      strategy: { name: 'random', seed: 1 },
      trainer: { command: [process.execPath, FIXTURE], env: { SLEEP_MS: '200' } },
      budget: { trials: 8 },
      parallel: 2,
      storage: url,
    },
    join(dir, 'exp.json'),
  )
}

describe.skipIf(!PG_URL)('a PostgreSQL restart during a sweep (issue 11, item 6)', () => {
  it('is ridden out: lost connections are retried with back-off and the sweep completes', async () => {
    const { proxy, url } = await through()
    let ended = 0
    let restarted: Promise<void> | undefined
    const onEvent = (e: SweepEvent): void => {
      if (e.type !== 'trial-end' || ++ended !== 2) return
      restarted = (async () => {
        await proxy.stop()
        await new Promise((r) => setTimeout(r, 2_000))
        await proxy.start()
      })()
    }
    const summary = await runSweep(experiment(tempDir(), url, 'restart'), { onEvent })
    await restarted
    expect(restarted).toBeDefined()
    expect(summary.reason).toBe('budget')
    expect(summary.trials.filter((t) => t.state === 'complete').length).toBeGreaterThanOrEqual(8)
    await proxy.stop()
  }, 60_000)

  it('stops as "store lost during the sweep; run again to resume" (exit 1) when the server stays away', async () => {
    const { proxy, url } = await through()
    let stopped: Promise<void> | undefined
    const onEvent = (e: SweepEvent): void => {
      if (e.type === 'trial-end' && !stopped) stopped = proxy.stop()
    }
    const started = Date.now()
    const e = await runSweep(experiment(tempDir(), url, 'gone'), { onEvent, reconnectSeconds: 2 }).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(TunekitError)
    const err = e as TunekitError
    expect(err.code).toBe('STORE_FAILED')
    expect(err.exitCode).toBe(1)
    expect(err.message).toContain('store lost during the sweep')
    expect(err.message).toContain('run again to resume')
    expect(err.message).not.toContain(new URL(db.url()).password || '\u0000')
    expect(Date.now() - started).toBeLessThan(30_000)
  }, 60_000)
})
