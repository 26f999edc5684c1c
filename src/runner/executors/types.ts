import type { RunHooks, TrialJob } from '../types.js'
import type { TrialOutcome } from '../../trial/outcome.js'

/** Runs trials somewhere (a worker thread, a child process). The sweep runner bounds how many run at once. */
export interface Executor {
  /** Called once per trial; settles when the trial has ended (never rejects for a failed trial). */
  run(job: TrialJob, hooks: RunHooks): Promise<TrialOutcome>
  /** Called once at the end of a sweep: stops workers. */
  close(): Promise<void>
}
