import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client, escapeIdentifier } from 'pg'
import { median } from 'simple-statistics'
import { createStudy, type Study } from '../src/index.js'
import { BENCH_SPACE } from './postgres-space.js'

/**
 * The PostgreSQL store through the public API (createStudy({ storage: url }), random strategy, trivial objective):
 *   1. ask latency at 100, 1,000 and 5,000 stored trials: it must stay flat, since an ask reads only the trials
 *      changed since the last one (a lowdb store in the same run for reference), plus the first ask of a new process
 *      on 5,000 trials (its one full read);
 *   2. trials/s of 4 worker processes sharing one study, against one process on a lowdb file in the same run.
 * Runs on a throwaway database of the server named by --url, TUNEKIT_BENCH_PG_URL or TUNEKIT_TEST_PG_URL.
 */
const SIZES = [100, 1000, 5000] as const
const WORKER = fileURLToPath(new URL('./postgres-worker.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../', import.meta.url))

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(argv[i + 1]) : NaN
  return Number.isFinite(v) && v > 0 ? v : fallback
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

const objective = (p: Record<string, unknown>): number => (p.x as number) ** 2

/** Grows a study to each size through the API, timing `asks` asks (each then told) at each size. */
async function askLatency(storage: string, name: string, asks: number): Promise<{ bySize: number[]; cold: number }> {
  const study = await createStudy({ name, space: BENCH_SPACE, strategy: { name: 'random', seed: 1 }, storage })
  const bySize: number[] = []
  try {
    for (const size of SIZES) {
      await study.optimize(objective, { trials: size - study.trials.length - Math.floor(asks / 2) })
      bySize.push(median(await timeAsks(study, asks)))
    }
  } finally {
    await study.close()
  }
  // A process that joins late reads the whole history once, then incrementally.
  const started = performance.now()
  const late = await createStudy({ name, space: BENCH_SPACE, strategy: { name: 'random', seed: 1 }, storage })
  await late.tell(await late.ask(), 1)
  const cold = performance.now() - started
  await late.close()
  return { bySize, cold }
}

async function timeAsks(study: Study, asks: number): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < asks; i++) {
    const t0 = performance.now()
    const trial = await study.ask()
    ms.push(performance.now() - t0)
    await study.tell(trial, objective(trial.params))
  }
  return ms
}

/** Trials/s of `workers` processes on one study: all trials over the span from the first start to the last end. */
async function workersThroughput(url: string, name: string, workers: number, perWorker: number): Promise<number> {
  // The study exists before the workers join, as when `tunekit run` made it.
  await (await createStudy({ name, space: BENCH_SPACE, strategy: { name: 'random', seed: 1 }, storage: url })).close()
  const procs = Array.from({ length: workers }, () => {
    const p = spawn(process.execPath, ['--import', 'tsx', WORKER, url, name, String(perWorker)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] })
    const lines: Record<string, number | boolean>[] = []
    let buf = ''
    const waiters: (() => void)[] = []
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, number | boolean>)
        buf = buf.slice(nl + 1)
        for (const w of waiters.splice(0)) w()
      }
    })
    const line = async (n: number): Promise<Record<string, number | boolean>> => {
      while (lines.length < n) {
        await new Promise<void>((resolve, reject) => {
          waiters.push(resolve)
          p.once('exit', (code) => reject(new Error(`worker exited (${code})`)))
        })
      }
      return lines[n - 1]!
    }
    return { p, line }
  })
  await Promise.all(procs.map((w) => w.line(1)))
  for (const w of procs) w.p.stdin.write('go\n')
  const done = await Promise.all(procs.map((w) => w.line(2)))
  const start = Math.min(...done.map((d) => d.startedAt as number))
  const end = Math.max(...done.map((d) => d.endedAt as number))
  return (workers * perWorker) / ((end - start) / 1000)
}

async function oneProcess(storage: string, name: string, trials: number): Promise<number> {
  const study = await createStudy({ name, space: BENCH_SPACE, strategy: { name: 'random', seed: 1 }, storage })
  const started = performance.now()
  await study.optimize(objective, { trials })
  const elapsed = performance.now() - started
  await study.close()
  return trials / (elapsed / 1000)
}

export async function run(argv: string[]): Promise<void> {
  const i = argv.indexOf('--url')
  const server =
    (i >= 0 ? argv[i + 1] : undefined) ?? process.env.TUNEKIT_BENCH_PG_URL ?? process.env.TUNEKIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const repeats = option(argv, 'repeats', 3)
  const asks = option(argv, 'asks', 50)
  const perWorker = option(argv, 'trials', 1000)
  const workers = 4
  const database = `tunekit_bench_${randomBytes(4).toString('hex')}`
  const u = new URL(server)
  u.pathname = `/${database}`
  const url = u.toString()
  await admin(server, `CREATE DATABASE ${escapeIdentifier(database)}`)
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-pg-bench-'))
  const latency: Record<'postgres' | 'lowdb', { bySize: number[][]; cold: number[] }> = { postgres: { bySize: [], cold: [] }, lowdb: { bySize: [], cold: [] } }
  const rate: Record<string, number[]> = { [`postgres, ${workers} worker processes`]: [], 'postgres, 1 process': [], 'lowdb, 1 process': [] }
  try {
    for (let r = 0; r < repeats; r++) {
      for (const [store, location] of [
        ['postgres', url],
        ['lowdb', join(dir, `latency-${r}.json`)],
      ] as const) {
        const l = await askLatency(location, `latency-${r}`, asks)
        latency[store].bySize.push(l.bySize)
        latency[store].cold.push(l.cold)
      }
      rate[`postgres, ${workers} worker processes`]!.push(await workersThroughput(url, `workers-${r}`, workers, perWorker))
      rate['postgres, 1 process']!.push(await oneProcess(url, `single-${r}`, workers * perWorker))
      rate['lowdb, 1 process']!.push(await oneProcess(join(dir, `single-${r}.json`), 'single', workers * perWorker))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await admin(server, `DROP DATABASE IF EXISTS ${escapeIdentifier(database)} WITH (FORCE)`)
  }

  const med = (xs: number[]): number => median(xs)
  console.log(`ask latency, ms: median over ${repeats} runs of the median of ${asks} asks (each told) at each history size`)
  console.log('stored trials     postgres      lowdb')
  const pgBy = SIZES.map((_, k) => med(latency.postgres.bySize.map((x) => x[k]!)))
  const lowBy = SIZES.map((_, k) => med(latency.lowdb.bySize.map((x) => x[k]!)))
  for (const [k, size] of SIZES.entries()) {
    console.log(`${size.toLocaleString('en').padStart(13)}   ${pgBy[k]!.toFixed(3).padStart(10)}   ${lowBy[k]!.toFixed(3).padStart(8)}`)
  }
  console.log(
    `ratio 5,000 / 100: postgres ${(pgBy[2]! / pgBy[0]!).toFixed(2)}, lowdb ${(lowBy[2]! / lowBy[0]!).toFixed(2)} (1.00 = flat; linear growth would be 50)`,
  )
  console.log(
    `a new process's first ask+tell on 5,000 trials (one full read): postgres ${med(latency.postgres.cold).toFixed(1)} ms, lowdb ${med(latency.lowdb.cold).toFixed(1)} ms`,
  )
  console.log('')
  console.log(`throughput, trivial objective, ${workers * perWorker} trials per run: median over ${repeats} runs`)
  const base = med(rate['lowdb, 1 process']!)
  for (const [name, xs] of Object.entries(rate))
    console.log(`${name.padEnd(32)} ${med(xs).toFixed(0).padStart(7)} trials/s   ratio vs lowdb ${(med(xs) / base).toFixed(2)}`)
  console.log(`goal: >= 300 trials/s from ${workers} worker processes on one PostgreSQL study`)
}
