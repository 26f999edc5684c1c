import { storeLocation } from '../../report/sources.js'
import { migrateStore } from '../../storage/migrate.js'
import { redact } from '../../storage/location.js'
import type { CommandDef } from '../command.js'

export const command: CommandDef = {
  name: 'migrate',
  usage: 'tunekit migrate <from> <to> [--experiment NAME]',
  help: [
    'A store is a path to a JSON file, a postgres://user@host:port/db URL, or an experiment file (its "storage").',
    'The source is only read (a sweep may still be writing it). A target that already holds a study of the same',
    'name is refused before anything is written.',
    '',
    'options:',
    '  --experiment NAME  copy only this study (default: every study of the source)',
    '',
    'examples:',
    '  tunekit migrate runs/mlp-digits.json postgres://tunekit@db.lan:5432/sweeps',
    '  tunekit migrate postgres://tunekit@db.lan:5432/sweeps backup.json --experiment mlp-digits',
  ],
  options: { experiment: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(values, [fromArg, toArg]) {
    const from = storeLocation(fromArg!)
    const to = storeLocation(toArg!)
    const results = await migrateStore(from, to, values.experiment === undefined ? {} : { name: String(values.experiment) })
    for (const r of results) console.log(`copied study "${r.study}" (${r.trials} trials) from ${redact(from)} to ${redact(to)}`)
    return 0
  },
}
