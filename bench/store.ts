import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStudy } from '../src/index.js'
import { median } from 'simple-statistics'
import { OVERHEAD_SPACE } from './overhead.js'

/**
 * 10,000 trials of a trivial objective through the lowdb store (ask, tell, a durable write per finished trial),
 * against the same sweep in memory measured in the same run. Reports trials/s overall and over the last 1,000
 * (sustained), and the peak RSS.
 */
const SPACE = OVERHEAD_SPACE

interface Run {
  perSecond: number
  lastThousandPerSecond: number
  peakRssMb: number
  fileMb: number
}

async function one(storage: string | undefined, trials: number, parallel: number): Promise<Run> {
  const study = await createStudy({ name: 'store-bench', space: SPACE, strategy: { name: 'random', seed: 1 }, ...(storage ? { storage } : {}) })
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const started = performance.now()
  let lastThousandStart = started
  let done = 0
  await study.optimize(
    (p) => {
      if (++done === trials - 1000) lastThousandStart = performance.now()
      return (p.x as number) ** 2
    },
    { trials, parallel },
  )
  const elapsed = performance.now() - started
  const tail = performance.now() - lastThousandStart
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  await study.close()
  return {
    perSecond: trials / (elapsed / 1000),
    lastThousandPerSecond: 1000 / (tail / 1000),
    peakRssMb: peak / 2 ** 20,
    fileMb: storage ? statSync(storage).size / 2 ** 20 : 0,
  }
}

export async function run(argv: string[]): Promise<void> {
  const trials = Number(argv[argv.indexOf('--trials') + 1] || 10_000) || 10_000
  const repeats = Number(argv[argv.indexOf('--repeats') + 1] || 3) || 3
  const rows: Record<string, Run[]> = { memory: [], 'lowdb parallel 1': [], 'lowdb parallel 4': [] }
  for (let r = 0; r < repeats; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'tunekit-store-bench-'))
    rows.memory!.push(await one(undefined, trials, 1))
    rows['lowdb parallel 1']!.push(await one(join(dir, 'a.json'), trials, 1))
    rows['lowdb parallel 4']!.push(await one(join(dir, 'b.json'), trials, 4))
    rmSync(dir, { recursive: true, force: true })
  }
  const base = median(rows.memory!.map((x) => x.perSecond))
  console.log(`${trials} trials, median of ${repeats} runs (ratio: against the in-memory store in the same run)`)
  console.log('store               trials/s   last 1,000 trials/s   ratio vs memory   peak RSS MB   file MB')
  for (const [name, runs] of Object.entries(rows)) {
    const ps = median(runs.map((x) => x.perSecond))
    console.log(
      `${name.padEnd(18)} ${ps.toFixed(0).padStart(9)}   ${median(runs.map((x) => x.lastThousandPerSecond))
        .toFixed(0)
        .padStart(19)}   ${(ps / base).toFixed(3).padStart(15)}   ${median(runs.map((x) => x.peakRssMb))
        .toFixed(0)
        .padStart(11)}   ${median(runs.map((x) => x.fileMb))
        .toFixed(1)
        .padStart(7)}`,
    )
  }
  console.log('goal: >= 500 trials/s sustained through the lowdb store')
}
