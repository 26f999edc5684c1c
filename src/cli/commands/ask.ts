import { askTrial } from '../../runner/ask-tell.js'
import type { CommandDef } from '../command.js'
import { askTellHelp, askTellOptions, experimentFor } from '../experiment-options.js'

/** The exit code when there is no trial to hand out (budget met, early stop, grid exhausted): ends a shell loop. */
export const NO_TRIAL = 4

export const command: CommandDef = {
  name: 'ask',
  usage: 'tunekit ask <experiment.json> [--json] [--storage PATH] [--wait SECONDS]',
  help: [
    'Creates a running trial of the experiment\'s study and prints it: {"number", "params", "seed"} with --json,',
    'else "number name=value ...". Run it yourself, then: tunekit tell <experiment.json> NUMBER --value V.',
    'A trial never told is failed as lost after heartbeat.graceSeconds (default 60; tunekit report-step renews it).',
    `Exits ${NO_TRIAL} (with the reason on stderr) when there is nothing to ask: the budget is met or filled by running`,
    'trials, an early-stopping rule stopped the study, or the grid is exhausted.',
    '',
    'options:',
    '  --json            print the trial as one line of JSON',
    ...askTellHelp,
    '',
    'example (a shell loop; several may run at once on one store):',
    '  while t=$(tunekit ask exp.json --json); do',
    '    n=$(echo "$t" | jq .number); loss=$(./train.sh "$(echo "$t" | jq -c .params)")',
    '    tunekit tell exp.json "$n" --value "$loss"',
    '  done',
  ],
  options: { ...askTellOptions, json: { type: 'boolean', default: false } },
  positionals: { min: 1, max: 1 },
  async run(values, [file]) {
    const { exp, waitSeconds } = await experimentFor(values, file!)
    const answer = await askTrial(exp, { waitSeconds })
    if (answer.kind === 'none') {
      console.error(`tunekit ask: no trial: ${answer.message}`)
      return NO_TRIAL
    }
    const { number, params, seed } = answer
    if (values.json) console.log(JSON.stringify({ number, params, seed }))
    else console.log([number, ...Object.entries(params).map(([k, v]) => `${k}=${String(v)}`)].join(' '))
    return 0
  },
}
