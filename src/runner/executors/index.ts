import type { Experiment } from '../../experiment/types.js'
import { getTrainer } from '../../trainers/index.js'
import type { Executor } from './types.js'

export type { Executor } from './types.js'

/** The executor an experiment's trainer needs: a thread pool for built-ins, child processes for commands. Loaded lazily. */
export async function createExecutor(exp: Experiment): Promise<Executor> {
  const t = exp.trainer
  switch (t.type) {
    case 'builtin': {
      const { ThreadExecutor } = await import('./thread.js')
      return new ThreadExecutor(getTrainer(t.name), t.options, exp.parallel)
    }
    case 'command': {
      const { ProcessExecutor } = await import('./process.js')
      return new ProcessExecutor(t.spec, exp.dir, exp.parallel)
    }
  }
}
