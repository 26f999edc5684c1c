import { reportStep } from '../../runner/ask-tell.js'
import type { CommandDef } from '../command.js'
import { askTellHelp, askTellOptions, experimentFor, numberOption, trialNumber } from '../experiment-options.js'

/** The exit code that tells the trial's runner to stop it (then: tunekit tell ... --state pruned). */
export const PRUNE = 3

export const command: CommandDef = {
  name: 'report-step',
  usage: 'tunekit report-step <experiment.json> NUMBER --step K --value V [--storage PATH] [--wait SECONDS]',
  help: [
    "Records an intermediate value of a running trial (an epoch's validation loss) and renews its heartbeat.",
    `Exits ${PRUNE} when the experiment's pruner says the trial should stop: stop it, then tell it --state pruned.`,
    '',
    'options:',
    '  --step K          the step (epoch), an integer >= 0',
    '  --value V         the objective value at that step',
    ...askTellHelp,
  ],
  options: { ...askTellOptions, step: { type: 'string' }, value: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(values, [file, n]) {
    const number = trialNumber(n)
    const step = numberOption(values.step, '--step', 0)
    const value = numberOption(values.value, '--value')
    const { exp, waitSeconds } = await experimentFor(values, file!)
    const { prune } = await reportStep(exp, number, step, value, { waitSeconds })
    if (prune) console.error(`tunekit report-step: the pruner says trial ${number} should stop at step ${step}: tell it --state pruned`)
    return prune ? PRUNE : 0
  },
}
