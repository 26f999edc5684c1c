import { loadExperimentFile } from '../../experiment/load.js'
import type { ExperimentOverrides } from '../../experiment/types.js'
import { runSweep } from '../../runner/run-sweep.js'
import type { CommandDef } from '../command.js'
import { intOption, LIMITS } from '../options.js'
import { createProgress } from '../progress.js'

export const command: CommandDef = {
  name: 'run',
  usage: 'tunekit run <experiment.json> [--trials N] [--parallel N] [--seed N] [--strategy NAME] [--storage PATH] [--fresh] [--take-over]',
  help: [
    'options (each overrides the experiment file):',
    '  --trials N        finished trials to reach',
    '  --parallel N      trials at once (1 to 256)',
    '  --seed N          the strategy seed',
    '  --strategy NAME   the strategy (its options from the file are dropped)',
    '  --storage PATH    the store: a file, or postgres://user@host:port/db (also TUNEKIT_STORAGE)',
    '  --fresh           start over: the old store is moved aside as <store>.<time>.json, never deleted',
    "  --take-over       take a store file's lock whose owner is gone, also one held from another host (only once",
    '                    it has not been refreshed for 30 s; a lock of a dead process on this host is taken anyway)',
    '',
    'Ctrl-C stops every running trial and leaves the store resumable: run the same command to continue.',
  ],
  options: {
    trials: { type: 'string' },
    parallel: { type: 'string' },
    seed: { type: 'string' },
    strategy: { type: 'string' },
    storage: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'take-over': { type: 'boolean', default: false },
  },
  positionals: { min: 1, max: 1 },
  run: (values, [file]) => runOrJoin(values, file!),
}

/** `run` and `worker` share everything: a worker is a run that joins a shared store and never starts over. */
export async function runOrJoin(values: Parameters<CommandDef['run']>[0], file: string): Promise<number> {
  {
    const overrides: ExperimentOverrides = {
      ...(values.trials !== undefined ? { trials: intOption(values.trials, '--trials', 1, LIMITS.trials) } : {}),
      ...(values.parallel !== undefined ? { parallel: intOption(values.parallel, '--parallel', 1, LIMITS.parallel) } : {}),
      ...(values.seed !== undefined ? { seed: intOption(values.seed, '--seed', 0, LIMITS.seed) } : {}),
      ...(values.strategy !== undefined ? { strategy: String(values.strategy) } : {}),
      // TUNEKIT_STORAGE is the CLI's to read: the library and experiment files never look at the environment.
      ...(values.storage !== undefined ? { storage: String(values.storage) } : process.env.TUNEKIT_STORAGE ? { storage: process.env.TUNEKIT_STORAGE } : {}),
    }
    // Read once; no trainer (a child process or a worker thread, which copies the environment) may inherit a password.
    delete process.env.TUNEKIT_STORAGE
    const exp = await loadExperimentFile(file, overrides)
    const controller = new AbortController()
    const progress = await createProgress(exp)
    let signals = 0
    const onSignal = (sig: NodeJS.Signals): void => {
      signals++
      if (signals === 1) {
        progress.say(`${sig}: stopping running trials and saving the store (again to force)...`)
        controller.abort()
      } else {
        process.exit(130)
      }
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      const summary = await runSweep(exp, {
        fresh: values.fresh === true,
        takeOver: values['take-over'] === true,
        signal: controller.signal,
        onEvent: progress,
      })
      if (summary.reason === 'interrupted') return 130
      if (summary.reason === 'failures') return 1
      // A sweep that ran trials and completed none (a grid whose every cell failed, say) did not do its job.
      if (summary.trials.length > 0 && !summary.trials.some((t) => t.state === 'complete')) return 1
      return 0
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
