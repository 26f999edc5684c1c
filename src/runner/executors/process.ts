import type { CommandTrainerSpec } from '../../trainers/command/index.js'
import type { TrialOutcome } from '../../trial/outcome.js'
import { runCommandTrial } from '../command/index.js'
import type { RunHooks, TrialJob } from '../types.js'
import type { Executor } from './types.js'

/** Command trainers: each trial a child process (the sweep runner bounds how many run at once). */
export class ProcessExecutor implements Executor {
  constructor(
    private readonly spec: CommandTrainerSpec,
    private readonly baseDir: string,
  ) {}

  run(job: TrialJob, hooks: RunHooks): Promise<TrialOutcome> {
    return runCommandTrial(this.spec, job, hooks, { baseDir: this.baseDir })
  }

  async close(): Promise<void> {}
}
