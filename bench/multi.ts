import { readFileSync, writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createStudy, type StrategyConfig } from '../src/index.js'
import { hypervolume } from '../src/util/hypervolume.js'
import { markdownTable, median } from './compare.js'
import { MULTI_PROBLEMS, type MultiProblem, multiSpace, vectorOf } from './multi/problems.js'

const USAGE = `usage: npm run bench -- multi [--strategies nsga2,tpe] [--problems zdt1,...] [--seeds 10] [--trials 200]
       [--overhead 1000] [--reference bench/results/optuna-multi.json] [--out bench/results/multi.json]

Runs each strategy on the multi-objective problems (bench/multi/problems.ts) through createStudy/ask/tell for
--trials trials per seed (seeds 0..n-1), and prints the median hypervolume of the feasible trials at the end, next to
Optuna 3.1's NSGAIISampler and TPESampler on the same problems and seeds (--reference, from bench/multi/optuna_runs.py),
and the ratio to the better of the two. A strategy is a name or name:json, e.g. 'tpe:{"preset":"optuna"}'.
With --overhead N: the median ms of one ask + tell once a ZDT1 study holds N trials (the last 50 timed), per strategy.`

interface Run {
  problem: string
  strategy: string
  seed: number
  hypervolume: number
}

function parseStrategy(s: string): { label: string; config: StrategyConfig } {
  const i = s.indexOf(':')
  if (i < 0) return { label: s, config: { name: s } }
  return { label: s, config: { ...(JSON.parse(s.slice(i + 1)) as object), name: s.slice(0, i) } }
}

/** The feasible points' hypervolume after `trials` trials. */
export function feasibleHypervolume(p: MultiProblem, values: readonly (readonly number[])[], constraints?: readonly (readonly number[])[]): number {
  const feasible = values.filter((_, i) => !constraints || constraints[i]!.every((c) => c <= 0))
  return hypervolume(feasible, p.reference)
}

async function runOne(p: MultiProblem, config: StrategyConfig, seed: number, trials: number): Promise<number> {
  const directions = p.reference.map(() => 'minimize' as const)
  const study = await createStudy({ space: { parameters: multiSpace(p) }, direction: directions, strategy: { ...config, seed } })
  const values: number[][] = []
  const cons: number[][] = []
  for (let i = 0; i < trials; i++) {
    const t = await study.ask()
    const f = p.objectives(vectorOf(p, t.params))
    values.push(f)
    if (p.constraints) {
      const c = p.constraints(f)
      cons.push(c)
      await study.tell(t, { values: f, constraints: c })
    } else await study.tell(t, f)
  }
  await study.close()
  return feasibleHypervolume(p, values, p.constraints ? cons : undefined)
}

/**
 * Median CPU ms of one ask + tell once each study holds `n` trials: every study is grown to n - timed first, then the
 * timed asks take turns across the studies, so that the machine's load (shared, noisy) falls on all of them alike.
 * The last entry is single-objective tpe on the same space (ZDT1's first objective), the yardstick.
 */
async function overhead(configs: readonly { label: string; config: StrategyConfig }[], n: number, timed = 50): Promise<Record<string, number>> {
  const p = MULTI_PROBLEMS[0]!
  const entries = [...configs.map((c) => ({ ...c, objectives: 2 })), { label: 'tpe, single objective (baseline)', config: { name: 'tpe' }, objectives: 1 }]
  const studies = await Promise.all(
    entries.map((e) =>
      createStudy({
        space: { parameters: multiSpace(p) },
        direction: e.objectives === 1 ? 'minimize' : (['minimize', 'minimize'] as const),
        strategy: { ...e.config, seed: 1 },
      }),
    ),
  )
  // CPU time (user + system) of this process, not wall time: on a machine shared with other jobs, time spent
  // waiting for a core would swamp the figure.
  const cpu = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const step = async (k: number): Promise<number> => {
    const study = studies[k]!
    const t0 = cpu()
    const t = await study.ask()
    const t1 = cpu()
    const f = p.objectives(vectorOf(p, t.params))
    const t2 = cpu()
    await study.tell(t, entries[k]!.objectives === 1 ? f[0]! : f)
    return t1 - t0 + (cpu() - t2)
  }
  for (let k = 0; k < studies.length; k++) for (let i = 0; i < n - timed; i++) await step(k)
  const times: number[][] = entries.map(() => [])
  for (let i = 0; i < timed; i++) for (let k = 0; k < studies.length; k++) times[k]!.push(await step(k))
  for (const s of studies) await s.close()
  return Object.fromEntries(entries.map((e, k) => [e.label, median(times[k]!)]))
}

export async function run(argv: string[]): Promise<void> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      strategies: { type: 'string', default: 'nsga2,tpe' },
      problems: { type: 'string' },
      seeds: { type: 'string', default: '10' },
      trials: { type: 'string', default: '200' },
      overhead: { type: 'string' },
      reference: { type: 'string', default: 'bench/results/optuna-multi.json' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (a.help) {
    console.log(USAGE)
    return
  }
  const strategies = a.strategies!.split(/,(?![^{]*})/).map(parseStrategy)
  const problems = a.problems ? MULTI_PROBLEMS.filter((p) => a.problems!.split(',').includes(p.name)) : MULTI_PROBLEMS
  const seeds = [...Array(Number(a.seeds)).keys()]
  const trials = Number(a.trials)
  const runs: Run[] = []
  const started = performance.now()
  for (const p of problems) {
    for (const s of strategies) {
      for (const seed of seeds) runs.push({ problem: p.name, strategy: s.label, seed, hypervolume: await runOne(p, s.config, seed, trials) })
    }
  }
  const reference = JSON.parse(readFileSync(a.reference!, 'utf8')) as {
    runs: { problem: string; sampler: string; seed: number; values: number[][]; constraints?: number[][] }[]
  }
  for (const r of reference.runs) {
    const p = problems.find((q) => q.name === r.problem)
    if (!p || !seeds.includes(r.seed)) continue
    runs.push({
      problem: r.problem,
      strategy: r.sampler,
      seed: r.seed,
      hypervolume: feasibleHypervolume(p, r.values.slice(0, trials), r.constraints?.slice(0, trials)),
    })
  }
  const labels = [...strategies.map((s) => s.label), 'optuna-nsga2', 'optuna-tpe']
  const med = (problem: string, label: string): number => median(runs.filter((r) => r.problem === problem && r.strategy === label).map((r) => r.hypervolume))
  const rows = problems.map((p) => {
    const better = Math.max(med(p.name, 'optuna-nsga2'), med(p.name, 'optuna-tpe'))
    return [p.name, ...labels.map((l) => med(p.name, l).toFixed(4)), ...strategies.map((s) => (med(p.name, s.label) / better).toFixed(3))]
  })
  console.log(`\nmedian hypervolume of the feasible trials at ${trials} trials, seeds 0-${seeds.length - 1} (ratio: to the better Optuna sampler)`)
  console.log(markdownTable(['problem', ...labels, ...strategies.map((s) => `${s.label} ratio`)], rows))
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`)
  const timing: Record<string, number> = {}
  if (a.overhead) {
    Object.assign(timing, await overhead(strategies, Number(a.overhead)))
    const base = timing['tpe, single objective (baseline)']!
    console.log(`\nmedian CPU ms per ask + tell at ${a.overhead} trials (ZDT1, memory store, the last 50 timed, taking turns)`)
    console.log(
      markdownTable(
        ['strategy', 'ms', 'ratio to single-objective tpe'],
        Object.entries(timing).map(([k, v]) => [k, v.toFixed(2), (v / base).toFixed(2)]),
      ),
    )
  }
  if (a.out)
    writeFileSync(a.out, `${JSON.stringify({ meta: { trials, seeds, strategies: strategies.map((s) => s.label) }, runs, overhead: timing }, null, 1)}\n`)
}
