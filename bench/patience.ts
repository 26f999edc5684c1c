import { parseArgs } from 'node:util'
import { earlyStop, type TrialRecord } from '../src/index.js'
import { loadRuns, median, ratio, type Run } from './compare.js'
import { type BenchProblem, loadSuite } from './problems.js'
import { runOne } from './sample-efficiency.js'

const USAGE = `usage: npm run bench -- patience [--suite ../shared/bench/problems.json] [--strategy tpe]
       [--seeds 10] [--seed-start 0] [--trials 10,15,20,25,30] [--min-delta 0] [--runs bench/results/tpe.json]

budget.patience on the suite: each problem x seed runs its full budget (or is read from --runs, a
sample-efficiency result file), then each rule is applied to that history: a study is sequential and its
strategy a pure function of the history, so the run patience stops is exactly a prefix of the full one.
Prints, per rule, the share of trials saved and the regret against the full-budget run: the median over
problems of (median stopped regret / median full regret), and the median over runs of the per-run ratio,
both as (a + 1e-12) / (b + 1e-12).`

/** Synthetic finished trials whose values are the run's best so far: patience only ever looks at improvements of the best. */
function records(best: readonly number[]): TrialRecord[] {
  return best.map((v, i) => ({
    number: i,
    state: 'complete',
    params: {},
    value: v,
    metrics: {},
    intermediate: [],
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    seed: 0,
    strategy: 'bench',
    error: null,
  }))
}

/** How many trials the run takes before the rule stops it (the whole budget if it never does). */
export function stoppedAt(best: readonly number[], patience: { trials: number; minDelta?: number }): number {
  const all = records(best)
  for (let n = 1; n <= all.length; n++) if (earlyStop(all.slice(0, n), 'minimize', { patience })) return n
  return all.length
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string', default: '../shared/bench/problems.json' },
      strategy: { type: 'string', default: 'tpe' },
      seeds: { type: 'string', default: '10' },
      'seed-start': { type: 'string', default: '0' },
      trials: { type: 'string', default: '10,15,20,25,30' },
      'min-delta': { type: 'string', default: '0' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const problems = loadSuite(values.suite)
  const start = Number(values['seed-start'])
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => start + i)
  const stored = values.runs ? loadRuns(values.runs) : []
  const runs: { problem: BenchProblem; best: readonly number[] }[] = []
  for (const p of problems) {
    for (const seed of seeds) {
      const found = stored.find((r: Run) => r.problem === p.name && r.seed === seed)
      runs.push({ problem: p, best: found ? found.best_so_far.slice(0, p.budget) : await runOne(p, values.strategy, {}, seed) })
    }
  }
  const source = values.runs ? `runs of ${values.runs}` : `${values.strategy} run now`
  console.log(
    `${problems.length} problems x seeds ${seeds[0]}-${seeds.at(-1)} (${source}); full budget ${runs.reduce((s, r) => s + r.best.length, 0)} trials\n`,
  )
  console.log('rule                         trials saved   median-of-problems ratio   median per-run ratio   worst problem')
  for (const minDelta of values['min-delta'].split(',').map(Number)) {
    for (const n of values.trials.split(',').map(Number)) {
      let used = 0
      let total = 0
      const perRun: number[] = []
      const byProblem = new Map<string, { full: number[]; stopped: number[] }>()
      for (const r of runs) {
        const k = stoppedAt(r.best, { trials: n, minDelta })
        used += k
        total += r.best.length
        const full = Math.max(0, r.best.at(-1)! - r.problem.optimum)
        const stopped = Math.max(0, r.best[k - 1]! - r.problem.optimum)
        perRun.push(ratio(stopped, full))
        const e = byProblem.get(r.problem.name) ?? { full: [], stopped: [] }
        e.full.push(full)
        e.stopped.push(stopped)
        byProblem.set(r.problem.name, e)
      }
      const problemRatios = [...byProblem].map(([name, e]) => ({ name, r: ratio(median(e.stopped), median(e.full)) }))
      const worst = problemRatios.reduce((a, b) => (b.r > a.r ? b : a))
      const rule = `patience ${n}${minDelta ? `, minDelta ${minDelta}` : ''}`
      console.log(
        `${rule.padEnd(28)} ${`${(100 * (1 - used / total)).toFixed(1)}%`.padStart(12)}   ${median(problemRatios.map((x) => x.r))
          .toFixed(3)
          .padStart(24)}   ${median(perRun).toFixed(3).padStart(20)}   ${worst.name} ${worst.r.toFixed(2)}`,
      )
    }
  }
}
