import type { Resources } from '../../experiment/types.js'
import type { CommandTrainerSpec } from '../../trainers/command/index.js'
import type { TrialOutcome } from '../../trial/outcome.js'
import { runCommandTrial } from '../command/index.js'
import type { RunHooks, TrialJob } from '../types.js'
import { SlotPool } from './slots.js'
import type { Executor } from './types.js'

/**
 * Command trainers: each trial a child process (the sweep runner bounds how many run at once). With resources, each
 * trial holds one device slot from start to the end of its whole process group (runCommandTrial settles only then),
 * whether it completed, failed, timed out or was killed.
 */
export class ProcessExecutor implements Executor {
  private readonly slots: SlotPool | undefined

  constructor(
    private readonly spec: CommandTrainerSpec,
    private readonly baseDir: string,
    private readonly resources?: Resources,
  ) {
    this.slots = resources ? new SlotPool(resources.slots) : undefined
  }

  run(job: TrialJob, hooks: RunHooks): Promise<TrialOutcome> {
    if (!this.slots) return runCommandTrial(this.spec, job, hooks, { baseDir: this.baseDir })
    return this.slots.with((slot) => runCommandTrial(this.spec, job, hooks, { baseDir: this.baseDir, slot: { value: slot, env: this.resources?.env } }))
  }

  async close(): Promise<void> {}
}
