import { execFileSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { FAMILIES, familyOf, loadSuite } from './problems.js'
import { fmt, geomean, loadRuns, markdownTable, problemRatios, type Run } from './compare.js'

const USAGE = `usage: npm run bench -- table [--suite ../shared/bench/problems.json] [--results bench/results] [--out bench/results/summary.md]

The benchmark table: every result file bench/results/<strategy>.json (runs of seeds 0-9; overhead*.json, optuna*.json and multi*.json,
other kinds of results, are skipped) next to Optuna's five
samplers, scored by the suite's summarize.py (median final regret and at 25% / 50% of the budget, mean rank,
ratios to optuna-tpe with geometric means), then the worst ratio, the geometric mean on the numeric problems (no
categorical parameter) and the family breakdown of each sampler.
A new strategy's results appear by adding its file and running this again.`

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string', default: '../shared/bench/problems.json' },
      results: { type: 'string', default: 'bench/results' },
      out: { type: 'string', default: 'bench/results/summary.md' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const suiteDir = dirname(resolve(values.suite))
  const optuna = join(suiteDir, 'results/optuna.json')
  const files = readdirSync(values.results)
    .filter((f) => f.endsWith('.json') && !f.startsWith('overhead') && !f.startsWith('optuna') && !f.startsWith('multi'))
    .sort()
    .map((f) => join(values.results, f))
  const md = execFileSync('/usr/bin/python3', [join(suiteDir, 'summarize.py'), optuna, ...files, '--problems', values.suite, '--ref', 'optuna-tpe'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })

  const problems = loadSuite(values.suite)
  const runs: Run[] = [optuna, ...files].flatMap((f) => loadRuns(f))
  const samplers = [...new Set(runs.map((r) => r.sampler))].filter((s) => s !== 'optuna-tpe')
  const ref = { runs, sampler: 'optuna-tpe' }
  // Problems without categorical parameters: where CMA-ES (Optuna's samples categoricals at random) is judged.
  const numeric = new Set(problems.filter((p) => Object.values(p.space).every((s) => s.type !== 'categorical')).map((p) => p.name))
  const rows = samplers.map((sampler) => {
    const ratios = problemRatios(problems, { runs, sampler }, ref)
    const entries = [...ratios.entries()]
    const worst = entries.reduce((a, b) => (b[1] > a[1] ? b : a))
    const byFamily = FAMILIES.map((f) => fmt(geomean(entries.filter(([p]) => familyOf(p) === f).map(([, r]) => r))))
    const wins = entries.filter(([, r]) => r <= 1).length
    const numericGeomean = fmt(geomean(entries.filter(([p]) => numeric.has(p)).map(([, r]) => r)))
    return [sampler, fmt(geomean(entries.map(([, r]) => r))), `${worst[0]} ${fmt(worst[1])}`, `${wins}/${entries.length}`, numericGeomean, ...byFamily]
  })
  const extra = markdownTable(
    [
      'sampler',
      'geomean vs optuna-tpe',
      'worst problem (ratio)',
      'at most optuna-tpe on',
      `numeric (${numeric.size}) geomean`,
      ...FAMILIES.map((f) => `${f} geomean`),
    ],
    rows,
  )
  // Against our tpe on the numeric problems, and against the best of Optuna's five samplers on each problem.
  const optunas = [...new Set(runs.map((r) => r.sampler))].filter((s) => s.startsWith('optuna-'))
  const ours = samplers.filter((s) => !s.startsWith('optuna-'))
  const versus = ours.map((sampler) => {
    const vsTpe = problemRatios(problems, { runs, sampler }, { runs, sampler: 'tunekit-tpe' })
    const numericLosses = [...vsTpe].filter(([p, r]) => numeric.has(p) && r > 1)
    const per = optunas.map((o) => problemRatios(problems, { runs, sampler }, { runs, sampler: o }))
    const bestLosses = problems.map((p) => [p.name, Math.max(...per.map((m) => m.get(p.name) ?? Number.NaN))] as const).filter(([, r]) => !(r <= 1))
    const list = (l: readonly (readonly [string, number])[]) => l.map(([p, r]) => `${p} ${fmt(r)}`).join(', ') || 'none'
    return [
      sampler,
      `${numeric.size - numericLosses.length}/${numeric.size}`,
      list(numericLosses),
      `${problems.length - bestLosses.length}/${problems.length}`,
      list(bestLosses),
    ]
  })
  const against = markdownTable(
    ['sampler', 'numeric: at most tunekit-tpe on', 'above tunekit-tpe (ratio)', 'at most the best Optuna sampler on', 'above it (ratio to the best)'],
    versus,
  )
  const text =
    `${md.trimEnd()}\n\n## Worst ratio and families (ratio of median final regret vs \`optuna-tpe\`)\n\n${extra}\n\n` +
    `## Against our tpe and against the best Optuna sampler of each problem\n\n${against}\n`
  writeFileSync(values.out, text)
  console.log(`${extra}\n\n${against}\n\nwrote ${values.out} (${files.length} result files of ours and Optuna's)`)
}
