import { ValidationError } from '../../errors.js'
import { tellTrial } from '../../runner/ask-tell.js'
import type { TellResult } from '../../study/types.js'
import type { CommandDef } from '../command.js'
import { askTellHelp, askTellOptions, experimentFor, numberOption, trialNumber } from '../experiment-options.js'

export const command: CommandDef = {
  name: 'tell',
  usage: 'tunekit tell <experiment.json> NUMBER (--value V | --values V1,V2 | --state fail [--error TEXT] | --state pruned) [--storage PATH] [--wait SECONDS]',
  help: [
    'Ends a running trial (one handed out by tunekit ask): complete with its value, failed, or pruned.',
    'A trial already finished (told, or failed as lost) is refused (exit 1).',
    '',
    'options:',
    '  --value V         complete, with the objective value V',
    '  --values V1,V2    the objective values, one per objective (a single-objective study takes one)',
    '  --state S         fail or pruned (pruned keeps the last reported step as its value)',
    '  --error TEXT      why it failed (with --state fail)',
    ...askTellHelp,
  ],
  options: { ...askTellOptions, value: { type: 'string' }, values: { type: 'string' }, state: { type: 'string' }, error: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(values, [file, n]) {
    const number = trialNumber(n)
    const result = tellResult(values)
    const { exp, waitSeconds } = await experimentFor(values, file!)
    const done = await tellTrial(exp, number, result, { waitSeconds })
    console.log(`trial ${done.number} ${done.state}${done.value !== null ? ` ${exp.objective.metric}=${done.value}` : ''}`)
    return 0
  },
}

function tellResult(values: Parameters<CommandDef['run']>[0]): TellResult {
  const given = ['value', 'values', 'state'].filter((k) => values[k] !== undefined)
  if (given.length !== 1) throw new ValidationError('USAGE', 'give exactly one of --value V, --values V1,V2, --state fail|pruned')
  if (values.error !== undefined && values.state !== 'fail') throw new ValidationError('USAGE', '--error goes with --state fail')
  if (values.value !== undefined) return numberOption(values.value, '--value')
  if (values.values !== undefined) {
    const list = String(values.values)
      .split(',')
      .map((v) => numberOption(v.trim(), '--values'))
    // Multi-objective studies take a list; until the experiment names several objectives, one value is the objective.
    if (list.length !== 1) throw new ValidationError('USAGE', `--values: this study has one objective, so give one value, not ${list.length}`)
    return list[0]!
  }
  switch (values.state) {
    case 'fail':
      return { state: 'fail', error: { reason: 'told failed', ...(values.error !== undefined ? { message: String(values.error) } : {}) } }
    case 'pruned':
      return { state: 'pruned' }
    default:
      throw new ValidationError('USAGE', `--state must be fail or pruned, not "${String(values.state)}" (a value completes the trial: --value V)`)
  }
}
