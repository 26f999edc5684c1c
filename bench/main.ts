/**
 * `npm run bench -- <name> [options]`: runs one benchmark, or all of them with no name.
 * Each benchmark is a module with `run(argv)`, loaded lazily; adding one is a file and a line here.
 */
const benchmarks: Record<string, { file: string; summary: string }> = {
  'sample-efficiency': { file: './sample-efficiency.ts', summary: 'strategies on the shared problem suite, against Optuna (issue: Bayesian strategy)' },
  table: { file: './table.ts', summary: 'the benchmark table of bench/results/*.json next to Optuna (bench/results/summary.md)' },
  overhead: { file: './overhead.ts', summary: 'ask+tell time at 100 / 1,000 / 3,000 trials, against Optuna' },
  parallel: { file: './parallel.ts', summary: 'throughput of a CPU-bound sweep, parallel 2 vs 1 (--trainer builtin or module)' },
  store: { file: './store.ts', summary: '10,000 trials through the lowdb store: trials/s and peak memory' },
  postgres: { file: './postgres.ts', summary: 'PostgreSQL: ask latency at 100/1,000/5,000 trials; 4 worker processes vs lowdb' },
  report: { file: './report.ts', summary: 'the HTML report of 1,000 trials in headless Chromium: size and time to draw, against 100 trials' },
  'warm-start': { file: './warm-start.ts', summary: 'tpe on branin warm-started from 20 random trials: new trials to the cold 60-trial median regret' },
  patience: { file: './patience.ts', summary: 'budget.patience on the suite: trials saved and regret against the full budget' },
  pruning: { file: './pruning.ts', summary: 'mlp on digits, 40 random trials: asha versus no pruner (epochs, wall time, best value)' },
}

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2)
  if (name === '--help' || name === '-h') {
    console.log('usage: npm run bench -- [name] [options]\n')
    for (const [n, b] of Object.entries(benchmarks)) console.log(`  ${n.padEnd(18)} ${b.summary}`)
    return
  }
  const names = name ? [name] : Object.keys(benchmarks)
  for (const n of names) {
    const b = benchmarks[n]
    if (!b) {
      console.error(`unknown benchmark "${n}"; one of: ${Object.keys(benchmarks).join(', ')}`)
      process.exitCode = 2
      return
    }
    console.log(`\n== ${n}: ${b.summary}`)
    const mod = (await import(b.file)) as { run(argv: string[]): Promise<void> }
    await mod.run(name ? rest : [])
  }
}

await main()
