import { runCommandTrial, type CommandTrainerSpec } from '../command/index.js'
import type { RunHooks, RunOutcome, TrialJob } from '../types.js'
import type { Executor } from './types.js'

/** Command trainers: each trial a child process (the sweep runner bounds how many run at once). */
export class ProcessExecutor implements Executor {
  constructor(
    private readonly spec: CommandTrainerSpec,
    private readonly baseDir: string,
    readonly capacity: number,
  ) {}

  run(job: TrialJob, hooks: RunHooks): Promise<RunOutcome> {
    return runCommandTrial(this.spec, job, hooks, { baseDir: this.baseDir })
  }

  async close(): Promise<void> {}
}
