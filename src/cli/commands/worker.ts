import type { CommandDef } from '../command.js'
import { command as run, runOrJoin } from './run.js'

export const command: CommandDef = {
  name: 'worker',
  usage: 'tunekit worker <experiment.json> --storage postgres://user@host:port/db [--parallel N] [--trials N]',
  help: [
    'options:',
    '  --storage URL     the shared store (or TUNEKIT_STORAGE, or the experiment\'s "storage")',
    '  --parallel N      trials at once in this worker',
    "  --trials N        the study's budget of finished trials (all workers together)",
    '  --seed N, --strategy NAME   as for tunekit run (every worker should use the same)',
    '',
    'Running trials send heartbeats ("heartbeat": {"intervalSeconds", "graceSeconds"} in the experiment); a trial',
    'whose worker died is failed by another worker ("worker lost") and retried when "retryFailed" is set.',
  ],
  options: Object.fromEntries(Object.entries(run.options).filter(([k]) => k !== 'fresh')),
  positionals: { min: 1, max: 1 },
  run: (values, [file]) => runOrJoin(values, file!),
}
