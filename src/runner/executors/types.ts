import type { RunHooks, RunOutcome, TrialJob } from '../types.js'

/** Runs trials somewhere (a worker thread, a child process): at most `capacity` at once. */
export interface Executor {
  readonly capacity: number
  /** Called once per trial; settles when the trial has ended (never rejects for a failed trial). */
  run(job: TrialJob, hooks: RunHooks): Promise<RunOutcome>
  /** Called once at the end of a sweep: stops workers. */
  close(): Promise<void>
}
