import { parseArgs } from 'node:util'
import { createStudy, type TrialRecord } from '../src/index.js'
import { median } from './compare.js'
import { type BenchProblem, loadSuite } from './problems.js'

const USAGE = `usage: npm run bench -- warm-start [--suite ../shared/bench/problems.json] [--problem branin]
       [--seeds 10] [--seed-start 0] [--prior 20] [--cold 60] [--goal 45]

Cold start: tpe for --cold trials, once per seed; its median final regret is the bar. Warm start: a separate
study of --prior random trials (another seed stream), then tpe warm-started from it ({ warmStart: { trials } });
the regret counts only the warm study's own trials (--count-prior: the prior's best too). Prints the first number of new trials at which the warm
median regret reaches the bar, and whether that is within --goal.`

/** Regret after each trial of one study: the objective's best so far minus the optimum (clamped at 0). */
async function regrets(problem: BenchProblem, seed: number, trials: number, prior?: readonly TrialRecord[], countPrior = false): Promise<number[]> {
  const study = await createStudy({
    space: { parameters: problem.space },
    strategy: { name: 'tpe', seed },
    ...(prior ? { warmStart: { trials: prior, direction: 'minimize' as const } } : {}),
  })
  const out: number[] = []
  let best = Number.POSITIVE_INFINITY
  if (countPrior) for (const t of prior ?? []) if (t.value !== null && t.value < best) best = t.value
  for (let i = 0; i < trials; i++) {
    const t = await study.ask()
    const v = problem.objective(t.params)
    await study.tell(t, v)
    if (Number.isFinite(v) && v < best) best = v
    out.push(Math.max(0, best - problem.optimum))
  }
  await study.close()
  return out
}

/** Another study's trials: `n` random ones on the same space. */
async function randomTrials(problem: BenchProblem, seed: number, n: number): Promise<readonly TrialRecord[]> {
  const study = await createStudy({ space: { parameters: problem.space }, strategy: { name: 'random', seed } })
  await study.optimize((p) => problem.objective(p), { trials: n })
  const trials = study.trials
  await study.close()
  return trials
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string', default: '../shared/bench/problems.json' },
      problem: { type: 'string', default: 'branin' },
      seeds: { type: 'string', default: '10' },
      'seed-start': { type: 'string', default: '0' },
      prior: { type: 'string', default: '20' },
      cold: { type: 'string', default: '60' },
      goal: { type: 'string', default: '45' },
      'count-prior': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const problem = loadSuite(values.suite).find((p) => p.name === values.problem)
  if (!problem) throw new Error(`no problem "${values.problem}" in ${values.suite}`)
  const start = Number(values['seed-start'])
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => start + i)
  const cold = Number(values.cold)
  const priorN = Number(values.prior)
  const goal = Number(values.goal)

  const coldRuns: number[][] = []
  const warmRuns: number[][] = []
  for (const seed of seeds) {
    coldRuns.push(await regrets(problem, seed, cold))
    // The prior comes from a different seed stream than the warm study's own.
    warmRuns.push(await regrets(problem, seed, cold, await randomTrials(problem, 1_000_000 + seed, priorN), values['count-prior']))
  }
  const bar = median(coldRuns.map((r) => r[cold - 1]!))
  const warmMedian = (n: number): number => median(warmRuns.map((r) => r[n - 1]!))
  let reached: number | undefined
  for (let n = 1; n <= cold; n++) {
    if (warmMedian(n) <= bar) {
      reached = n
      break
    }
  }
  const counted = values['count-prior'] ? 'best of the prior and the new trials' : 'best of the new trials only'
  console.log(
    `${problem.name}, seeds ${seeds[0]}-${seeds.at(-1)} (warm regret: ${counted}): cold-start tpe median regret after ${cold} trials ${bar.toPrecision(4)}`,
  )
  for (const n of [10, 20, 30, 45, cold])
    console.log(`  warm start from ${priorN} random trials: median regret after ${String(n).padStart(2)} new trials ${warmMedian(n).toPrecision(4)}`)
  console.log(
    reached === undefined
      ? `  warm start never reached the cold ${cold}-trial median in ${cold} new trials: FAIL (goal <= ${goal})`
      : `  reached the cold ${cold}-trial median after ${reached} new trials: ${reached <= goal ? 'PASS' : 'FAIL'} (goal <= ${goal})`,
  )
}
