import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createStudy } from '../src/index.js'
import { familyBreakdown, loadRunsIfPresent, regretComparison, type Run } from './compare.js'
import { loadSuite, type BenchProblem } from './problems.js'

const USAGE = `usage: npm run bench -- sample-efficiency [--suite ../shared/bench/problems.json] [--strategy tpe]
       [--seeds 10] [--seed-start 0] [--options '{"candidates": 64}'] [--name tunekit-tpe]
       [--problems branin,lr_log] [--out bench/results/tpe.json] [--against bench/results/random.json]
       [--reference bench/results/tuning/optuna-tpe-1000.json]

Runs every problem of the suite through createStudy/ask/tell for exactly its budget, once per seed,
writes the runs in the suite's result format, and compares median final regrets with Optuna's TPE
(its stored seeds 0-9 next to the suite, or --reference: Optuna's runs on other seeds, from bench/optuna/run.py).`

/** One run: a fresh in-memory study, `budget` sequential ask/tell rounds, the best value so far after each. */
export async function runOne(problem: BenchProblem, strategy: string, options: Readonly<Record<string, unknown>>, seed: number): Promise<number[]> {
  const study = await createStudy({ space: { parameters: problem.space }, direction: 'minimize', strategy: { ...options, name: strategy, seed } })
  const best: number[] = []
  let so = Infinity
  for (let i = 0; i < problem.budget; i++) {
    const trial = await study.ask()
    const value = problem.objective(trial.params)
    const done = await study.tell(trial, value)
    // A failed trial (non-finite value) repeats the previous best.
    if (done.state === 'complete' && done.value !== null && done.value < so) so = done.value
    best.push(so)
  }
  await study.close()
  return best
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string', default: '../shared/bench/problems.json' },
      strategy: { type: 'string', default: 'tpe' },
      seeds: { type: 'string', default: '10' },
      'seed-start': { type: 'string', default: '0' },
      options: { type: 'string', default: '{}' },
      name: { type: 'string' },
      problems: { type: 'string' },
      out: { type: 'string' },
      against: { type: 'string', multiple: true },
      reference: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const strategy = values.strategy
  const options = JSON.parse(values.options) as Record<string, unknown>
  const sampler = values.name ?? `tunekit-${strategy}`
  const only = values.problems?.split(',')
  const problems = loadSuite(values.suite).filter((p) => !only || only.includes(p.name))
  const seedStart = Number(values['seed-start'])
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => seedStart + i)

  const started = Date.now()
  const runs: Run[] = []
  for (const p of problems) {
    const t0 = Date.now()
    for (const seed of seeds) runs.push({ problem: p.name, sampler, seed, best_so_far: await runOne(p, strategy, options, seed) })
    if (!values.quiet) console.log(`  ${p.name.padEnd(18)} ${seeds.length} seeds × ${p.budget} trials in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    // Long runs on a shared machine: what is done so far survives an interrupted run.
    if (values.out) writeFileSync(`${values.out}.partial`, `${JSON.stringify({ runs })}\n`)
  }
  const wall = (Date.now() - started) / 1000

  if (values.out) {
    rmSync(`${values.out}.partial`, { force: true })
    const meta = {
      tool: 'tunekit bench/sample-efficiency.ts',
      created: new Date().toISOString(),
      strategy: { name: strategy, ...options },
      sampler,
      seeds,
      node: process.version,
      machine: `${process.platform}-${process.arch}, ${cpus().length} cpus`,
      total_wall_s: wall,
    }
    mkdirSync(dirname(resolve(values.out)), { recursive: true })
    writeFileSync(values.out, `${JSON.stringify({ meta, runs })}\n`)
    console.log(`wrote ${runs.length} runs to ${values.out} (${wall.toFixed(1)} s)`)
  }

  // The reference figures sit next to the suite: <suite dir>/results/optuna.json.
  const optuna = loadRunsIfPresent(values.reference ?? resolve(dirname(resolve(values.suite)), 'results/optuna.json'))
  const refs = [{ runs: optuna, sampler: 'optuna-tpe', label: 'optuna-tpe' }]
  const against = values.against ?? (strategy === 'random' ? [] : ['bench/results/random.json'])
  for (const file of against) {
    const other = loadRunsIfPresent(file)
    const name = other[0]?.sampler
    if (name && name !== sampler) refs.push({ runs: other, sampler: name, label: name })
  }
  console.log(`\nMedian final regret over ${seeds.length} seeds (ratio = (ours + 1e-12) / (theirs + 1e-12); below 1 is better):\n`)
  console.log(regretComparison(problems, { runs, sampler }, refs))
  console.log('\nBy family (ratios as above; the worst problem and the rest of the suite with the family left out):\n')
  console.log(familyBreakdown(problems, { runs, sampler }, refs))
}
