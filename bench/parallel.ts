import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { median } from 'simple-statistics'

/**
 * Parallel scaling: the same CPU-bound sweep (the same seeded configurations) with parallel 1 and parallel 2,
 * alternated, several times; throughput ratio parallel 2 / parallel 1 (goal >= 1.9 on 2 cores for the built-in, >= 1.8 for a module trainer). `--trainer builtin`
 * (default) runs the built-in mlp on digits; `--trainer module` the plain-JavaScript module trainer
 * examples/trainers/dense-digits.mjs on the same worker-thread pool (`--epochs N` sets its trial length; the default
 * 32 makes a trial about 1.4 s, a small real training run: each new thread first spends about 0.5 s importing tunekit and
 * warming up the JIT, which sweeps of 0.15 s trials (`--epochs 4`) pay in full and longer ones amortise).
 *
 * It runs the built package (dist/, rebuilt first), as users do: from the TypeScript sources every worker thread would
 * first load tsx and compile tunekit (about 0.7 s a thread), a cost no user pays. Beside it, in the same run, the
 * machine's own ceiling: a plain busy loop on 1 and on 2 threads (two vCPUs of a shared host do not give twice one).
 */
const TRAINERS = {
  builtin: { trainer: { builtin: 'mlp', options: { dataset: 'digits', seed: 0 } }, epochs: 20 },
  module: { trainer: { module: fileURLToPath(new URL('../examples/trainers/dense-digits.mjs', import.meta.url)), options: { dataset: 'digits' } }, epochs: 32 },
}

/**
 * Trials per second once every thread has run its first two trials (each thread's module import and the JIT's
 * warm-up of the training code, a cost per thread and per sweep): finished trials that started at or after the start
 * of trial 2·threads, over the time from that start to the last finish.
 */
function steadyRate(trials: readonly { startedAt: string | null; finishedAt: string | null }[], threads: number): number {
  const spans = trials
    .filter((t) => t.startedAt && t.finishedAt)
    .map((t) => [Date.parse(t.startedAt!), Date.parse(t.finishedAt!)] as const)
    .sort((a, b) => a[0] - b[0])
  const from = spans[2 * threads]?.[0]
  if (from === undefined) return Number.NaN
  const after = spans.filter(([s]) => s >= from)
  return after.length / ((Math.max(...after.map(([, f]) => f)) - from) / 1000)
}

type Dist = { resolveExperiment: typeof import('../src/experiment/load.js').resolveExperiment; runSweep: typeof import('../src/runner/run-sweep.js').runSweep }

async function loadDist(): Promise<Dist> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' })
  const { resolveExperiment } = (await import(new URL('../dist/experiment/load.js', import.meta.url).href)) as Pick<Dist, 'resolveExperiment'>
  const { runSweep } = (await import(new URL('../dist/runner/run-sweep.js', import.meta.url).href)) as Pick<Dist, 'runSweep'>
  return { resolveExperiment, runSweep }
}

const BUSY = `let s = 0; const a = new Float64Array(4096)
for (let r = 0; r < 20000; r++) for (let i = 0; i < 4096; i++) { s += a[i] * r; a[i] = s % 7 }
require('node:worker_threads').parentPort.postMessage(s)`

/** Wall milliseconds of the same busy loop on `n` threads at once. */
async function busy(n: number): Promise<number> {
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: n }, () => new Promise((resolve, reject) => new Worker(BUSY, { eval: true }).once('message', resolve).once('error', reject))),
  )
  return performance.now() - t0
}

function experiment(dist: Dist, dir: string, parallel: number, trials: number, kind: keyof typeof TRAINERS, epochs: number) {
  return dist.resolveExperiment(
    {
      name: `parallel-${parallel}`,
      space: {
        parameters: {
          learning_rate: { type: 'float', low: 1e-3, high: 1e-2, log: true },
          hidden: { type: 'constant', value: 64 },
          epochs: { type: 'constant', value: epochs },
          batch_size: { type: 'constant', value: 32 },
        },
      },
      objective: { metric: 'val_loss', direction: 'minimize' },
      strategy: { name: 'random', seed: 3 },
      trainer: TRAINERS[kind].trainer,
      budget: { trials },
      parallel,
      storage: join(dir, `p${parallel}.json`),
    },
    join(dir, 'experiment.json'),
  )
}

export async function run(argv: string[]): Promise<void> {
  const trials = Number(argv[argv.indexOf('--trials') + 1] || 32) || 32
  const repeats = Number(argv[argv.indexOf('--repeats') + 1] || 5) || 5
  const kind = argv.includes('--trainer') ? argv[argv.indexOf('--trainer') + 1] : 'builtin'
  if (kind !== 'builtin' && kind !== 'module') throw new Error(`--trainer ${kind}: use builtin or module`)
  const epochs = argv.includes('--epochs') ? Number(argv[argv.indexOf('--epochs') + 1]) : TRAINERS[kind].epochs
  const dist = await loadDist()
  const ceiling: number[] = []
  const rates: Record<1 | 2, number[]> = { 1: [], 2: [] }
  const ratios: number[] = []
  const steady: number[] = []
  // CPU seconds per wall second: how many cores the sweep kept busy (unaffected by how fast this shared machine's cores are just now).
  const cores: Record<1 | 2, number[]> = { 1: [], 2: [] }
  for (let r = 0; r < repeats; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'tunekit-parallel-bench-'))
    const steadyRates: Record<1 | 2, number> = { 1: Number.NaN, 2: Number.NaN }
    const rate = async (p: 1 | 2): Promise<number> => {
      const cpu0 = process.cpuUsage()
      const s = await dist.runSweep(await experiment(dist, dir, p, trials, kind, epochs))
      const cpu = process.cpuUsage(cpu0)
      cores[p].push((cpu.user + cpu.system) / 1000 / s.elapsedMs)
      steadyRates[p] = steadyRate(s.trials, p)
      return s.done / (s.elapsedMs / 1000)
    }
    const one = await rate(1)
    const two = await rate(2)
    rates[1].push(one)
    rates[2].push(two)
    ratios.push(two / one)
    steady.push(steadyRates[2] / steadyRates[1])
    ceiling.push((2 * (await busy(1))) / (await busy(2)))
    rmSync(dir, { recursive: true, force: true })
    console.log(
      `run ${r + 1}: parallel 1 ${one.toFixed(2)} trials/s, parallel 2 ${two.toFixed(2)} trials/s, ratio ${(two / one).toFixed(2)} (past each thread's first two trials ${steady.at(-1)!.toFixed(2)}); busy loop ${ceiling.at(-1)!.toFixed(2)}`,
    )
  }
  console.log(
    `${kind} trainer (epochs ${epochs}), median over ${repeats} runs of ${trials} trials: parallel 1 ${median(rates[1]).toFixed(2)} trials/s, parallel 2 ${median(rates[2]).toFixed(2)} trials/s, ratio ${median(ratios).toFixed(2)} (goal >= ${kind === 'module' ? '1.8' : '1.9'})`,
  )
  console.log(`past each thread's first two trials (its module import and JIT warm-up), ratio (median): ${median(steady).toFixed(2)}`)
  console.log(`the machine's ceiling, a busy loop on 2 threads vs 1 (median): ${median(ceiling).toFixed(2)}`)
  console.log(`cores kept busy (CPU s / wall s, median): parallel 1 ${median(cores[1]).toFixed(2)}, parallel 2 ${median(cores[2]).toFixed(2)}`)
}
