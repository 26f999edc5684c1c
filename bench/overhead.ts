import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createRng, createStudy, openStorage, type Params, type SearchSpaceInput, type Storage, type TrialRecord } from '../src/index.js'
import { fmt, markdownTable, median, quantile } from './compare.js'

const USAGE = `usage: npm run bench -- overhead [--strategies tpe,random] [--sizes 100,1000,3000,50000] [--timed 50] [--runs 3]
       [--storage :memory: | postgres://user@host/db] [--space mixed5 | numeric8] [--suite ../shared/bench/problems.json] [--out bench/results/overhead.json]

Median milliseconds of one ask + tell (objective excluded) once a study holds N trials: the last --timed of the N
are timed. In memory, studies up to 3,000 trials are grown by the strategy itself; larger ones, and every study on
another store, are first filled (Storage.importStudy) with N - timed complete trials at uniformly random points, then
the strategy asks and is told the last --timed. Each run is a fresh study; the figure is the median of the runs'
medians (the machine is shared and noisy), with the ratio to the same strategy at the smallest N of this run and to
Optuna's figures next to the suite.`

/** The 5-D mixed space of the suite's overhead reference (results/optuna-overhead.json). */
export const OVERHEAD_SPACE: SearchSpaceInput = {
  parameters: {
    x: { type: 'float', low: -5, high: 5 },
    lr: { type: 'float', low: 1e-5, high: 1, log: true },
    layers: { type: 'int', low: 1, high: 8 },
    batch: { type: 'int', low: 16, high: 1024, log: true },
    opt: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
  },
}

const OFF: Readonly<Record<string, number>> = { sgd: 0.3, adam: 0, rmsprop: 0.1 }

/** x^2 + (log10(lr)+3)^2 + 0.1*(layers-4)^2 + 0.01*(log2(batch)-7)^2 + off[opt]: microseconds. */
export function overheadObjective(p: Readonly<Params>): number {
  const n = (k: string): number => Number(p[k])
  return n('x') ** 2 + (Math.log10(n('lr')) + 3) ** 2 + 0.1 * (n('layers') - 4) ** 2 + 0.01 * (Math.log2(n('batch')) - 7) ** 2 + (OFF[String(p.opt)] ?? 0)
}

interface Cell {
  strategy: string
  n: number
  /** Per run: median ms of one ask + tell over the timed trials. */
  runMedians: number[]
  median_ms: number
  p90_ms: number
  median_ask_ms: number
  median_tell_ms: number
  /** Median CPU time of this process per ask + tell: far steadier than wall time on a loaded machine. */
  median_cpu_ms: number
}

interface Timings {
  ask: number[]
  tell: number[]
  cpu: number[]
}

/** An 8-D numeric space (the gp issue's overhead target: ask + tell ≤ 100 ms at 100 trials, ≤ 1 s at 500). */
export const NUMERIC8_SPACE: SearchSpaceInput = {
  parameters: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`x${i}`, { type: 'float', low: -5, high: 5 }])),
}

/** A shifted ellipsoid on NUMERIC8_SPACE. */
function numeric8Objective(p: Readonly<Params>): number {
  let s = 0
  for (let i = 0; i < 8; i++) s += (i + 1) * (Number(p[`x${i}`]) - 1) ** 2
  return s
}

const SPACES = {
  mixed5: { space: OVERHEAD_SPACE, objective: overheadObjective },
  numeric8: { space: NUMERIC8_SPACE, objective: numeric8Objective },
} as const
type Problem = (typeof SPACES)[keyof typeof SPACES]

/** Highest heap and resident set seen while a study grew (MB), sampled after every tell. */
const peak = { heapMB: 0, rssMB: 0 }

type BenchStudy = Awaited<ReturnType<typeof createStudy>>

/** One ask + tell, timed (wall clock for each, CPU time of the process for both), the objective excluded. */
async function timeAskTell(study: BenchStudy, into: readonly Timings[], problem: Problem = SPACES.mixed5): Promise<void> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const trial = await study.ask()
  const t1 = performance.now()
  const c1 = process.cpuUsage(c0)
  const value = problem.objective(trial.params)
  const c2 = process.cpuUsage()
  const t2 = performance.now()
  await study.tell(trial, value)
  const t3 = performance.now()
  const c3 = process.cpuUsage(c2)
  const mem = process.memoryUsage()
  peak.heapMB = Math.max(peak.heapMB, mem.heapUsed / 2 ** 20)
  peak.rssMB = Math.max(peak.rssMB, mem.rss / 2 ** 20)
  for (const cell of into) {
    cell.ask.push(t1 - t0)
    cell.tell.push(t3 - t2)
    cell.cpu.push((c1.user + c1.system + c3.user + c3.system) / 1000)
  }
}

/** One study grown to max(sizes) trials; returns, per size, the timings of its last `timed` trials. */
async function growAndTime(
  strategy: string,
  sizes: readonly number[],
  timed: number,
  seed: number,
  problem: Problem = SPACES.mixed5,
): Promise<Map<number, Timings>> {
  const study = await createStudy({ space: problem.space, strategy: { name: strategy, seed } })
  const out = new Map<number, Timings>()
  const last = Math.max(...sizes)
  for (let i = 0; i < last; i++) {
    const cells: Timings[] = []
    for (const n of sizes) {
      if (i < n - timed || i >= n) continue
      const cell = out.get(n) ?? { ask: [], tell: [], cpu: [] }
      out.set(n, cell)
      cells.push(cell)
    }
    await timeAskTell(study, cells, problem)
  }
  await study.close()
  return out
}

/** n complete trials at uniformly random points of OVERHEAD_SPACE, valued by the objective. */
function randomHistory(n: number, seed: number): TrialRecord[] {
  const rng = createRng(`overhead/${seed}`)
  const now = new Date().toISOString()
  return Array.from({ length: n }, (_, number) => {
    const params: Params = {
      x: -5 + 10 * rng(),
      lr: 10 ** (-5 + 5 * rng()),
      layers: 1 + Math.floor(8 * rng()),
      batch: Math.min(1024, Math.max(16, Math.round(Math.exp(Math.log(15.5) + rng() * (Math.log(1024.5) - Math.log(15.5)))))),
      opt: ['sgd', 'adam', 'rmsprop'][Math.floor(3 * rng())]!,
    }
    const record: TrialRecord = {
      number,
      state: 'complete',
      params,
      value: overheadObjective(params),
      metrics: {},
      intermediate: [],
      startedAt: now,
      finishedAt: now,
      durationMs: 0,
      seed: number,
      strategy: 'random',
      error: null,
    }
    return record
  })
}

let studies = 0

/** A study filled with n - timed random trials; returns the ask and tell times of the strategy's `timed` trials. */
async function prefillAndTime(strategy: string, n: number, timed: number, seed: number, location: string): Promise<Timings> {
  const storage: Storage = await openStorage(location)
  const name = `overhead-${process.pid}-${Date.now().toString(36)}-${studies++}`
  const probe = await createStudy({ name: `${name}-probe`, space: OVERHEAD_SPACE, strategy: { name: strategy, seed }, storage })
  if (!storage.importStudy) throw new Error(`${location}: this store cannot import a study`)
  await storage.importStudy({ ...probe.record, name }, randomHistory(n - timed, seed))
  const study = await createStudy({ name, space: OVERHEAD_SPACE, strategy: { name: strategy, seed }, storage })
  const cell: Timings = { ask: [], tell: [], cpu: [] }
  for (let i = 0; i < timed; i++) await timeAskTell(study, [cell])
  await storage.close()
  return cell
}

interface OptunaRow {
  readonly sampler: string
  readonly n_completed: number
  readonly median_ms: number
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      strategies: { type: 'string', default: 'tpe,random' },
      sizes: { type: 'string', default: '100,1000,3000,50000' },
      storage: { type: 'string', default: ':memory:' },
      space: { type: 'string', default: 'mixed5' },
      timed: { type: 'string', default: '50' },
      runs: { type: 'string', default: '3' },
      suite: { type: 'string', default: '../shared/bench/problems.json' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const sizes = values.sizes.split(',').map(Number)
  const timed = Number(values.timed)
  const runs = Number(values.runs)
  const cells: Cell[] = []
  for (const strategy of values.strategies.split(',')) {
    const perRun: Map<number, Timings>[] = []
    const memory = values.storage === ':memory:'
    const grown = sizes.filter((n) => memory && n <= 3000)
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now()
      const problem = SPACES[values.space as keyof typeof SPACES]
      if (!problem) throw new Error(`--space ${values.space}: use mixed5 or numeric8`)
      if (problem !== SPACES.mixed5 && grown.length < sizes.length) throw new Error('--space numeric8: only studies grown in memory (sizes ≤ 3000)')
      const cells = grown.length > 0 ? await growAndTime(strategy, grown, timed, r, problem) : new Map<number, Timings>()
      for (const n of sizes) if (!grown.includes(n)) cells.set(n, await prefillAndTime(strategy, n, timed, r, values.storage))
      perRun.push(cells)
      console.log(`  ${strategy} run ${r + 1}/${runs}: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    }
    for (const n of sizes) {
      const all = perRun.map((m) => m.get(n)!)
      const totals = all.map((c) => c.ask.map((a, i) => a + c.tell[i]!))
      cells.push({
        strategy,
        n,
        runMedians: totals.map(median),
        median_ms: median(totals.map(median)),
        p90_ms: median(totals.map((t) => quantile(t, 0.9))),
        median_ask_ms: median(all.map((c) => median(c.ask))),
        median_tell_ms: median(all.map((c) => median(c.tell))),
        median_cpu_ms: median(all.map((c) => median(c.cpu))),
      })
    }
  }

  const optunaFile = resolve(dirname(resolve(values.suite)), 'results/optuna-overhead.json')
  const optuna: OptunaRow[] = existsSync(optunaFile) ? (JSON.parse(readFileSync(optunaFile, 'utf8')) as { ask_tell: OptunaRow[] }).ask_tell : []
  const optunaMs = (strategy: string, n: number): number | undefined => optuna.find((o) => o.sampler === `optuna-${strategy}` && o.n_completed === n)?.median_ms

  console.log(
    `\nask + tell on ${values.storage}, space ${values.space}, median ms over ${runs} runs (${timed} timed trials each; objective excluded);` +
      ` peak heap ${peak.heapMB.toFixed(0)} MB, peak RSS ${peak.rssMB.toFixed(0)} MB:\n`,
  )
  const rows = cells.map((c) => {
    const ref = optunaMs(c.strategy, c.n)
    const smallest = cells.find((x) => x.strategy === c.strategy)!
    return [
      `tunekit-${c.strategy}`,
      c.n.toLocaleString('en-US'),
      fmt(c.median_ms),
      fmt(c.median_ms / smallest.median_ms),
      c.runMedians.map(fmt).join(', '),
      fmt(c.median_ask_ms),
      fmt(c.median_tell_ms),
      fmt(c.median_cpu_ms),
      ref === undefined ? '–' : fmt(ref),
      ref === undefined ? '–' : fmt(c.median_ms / ref),
    ]
  })
  console.log(
    markdownTable(
      ['strategy', 'N', 'median ms', `ratio vs N = ${sizes[0]}`, 'per-run medians', 'ask ms', 'tell ms', 'CPU ms', 'Optuna 3.1 ms', 'ratio vs Optuna'],
      rows,
    ),
  )

  if (values.out) {
    mkdirSync(dirname(resolve(values.out)), { recursive: true })
    const meta = {
      tool: 'tunekit bench/overhead.ts',
      created: new Date().toISOString(),
      node: process.version,
      machine: `${process.platform}-${process.arch}, ${cpus().length} cpus`,
      runs,
      timed,
      storage: values.storage.startsWith('postgres') ? 'postgresql' : values.storage,
      space: SPACES[values.space as keyof typeof SPACES].space.parameters,
      peak_heap_mb: Math.round(peak.heapMB),
      peak_rss_mb: Math.round(peak.rssMB),
    }
    writeFileSync(values.out, `${JSON.stringify({ meta, ask_tell: cells }, null, 1)}\n`)
    console.log(`\nwrote ${values.out}`)
  }
}
