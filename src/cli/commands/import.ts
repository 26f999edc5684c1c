import { importTrials } from '../../runner/import/index.js'
import type { CommandDef } from '../command.js'
import { askTellHelp, askTellOptions, experimentFor } from '../experiment-options.js'

export const command: CommandDef = {
  name: 'import',
  usage: 'tunekit import <experiment.json> <FILE.csv | FILE.jsonl | STORE> [--skip-invalid] [--storage PATH] [--wait SECONDS]',
  help: [
    "Adds finished trials to the experiment's study: from a CSV file (the columns of tunekit report --format csv),",
    'a JSON-lines file (one trial per line: {"params": {...}, "value": V, "state"?, "metrics"?, ...}), or another store',
    '(a store file or a PostgreSQL URL; its study of the same name, or its only one).',
    'Each row is checked against the space (every active parameter valid, no unknown one) and must be finished',
    '(complete with a finite value, pruned, or fail). Any rejected row is listed with its reason and nothing is imported.',
    'Into a new study trials keep their numbers and times (report --format csv output imports back unchanged);',
    'into an existing one they are appended with new numbers and the time of the import.',
    '',
    'options:',
    '  --skip-invalid    import the valid rows, list the rejected ones',
    ...askTellHelp,
  ],
  options: { ...askTellOptions, 'skip-invalid': { type: 'boolean', default: false } },
  positionals: { min: 2, max: 2 },
  async run(values, [file, source]) {
    const { exp, waitSeconds } = await experimentFor(values, file!)
    const r = await importTrials(exp, source!, { waitSeconds, skipInvalid: values['skip-invalid'] === true })
    for (const x of r.rejected) console.error(`skipped ${x.where}: ${x.reason}`)
    const range = r.numbers.length > 0 ? ` as trials ${r.numbers[0]}-${r.numbers.at(-1)}` : ''
    console.log(`imported ${r.numbers.length} trials into "${exp.name}"${range}${r.kept ? ' (numbers and times kept)' : ''}; store ${exp.storage}`)
    return 0
  },
}
