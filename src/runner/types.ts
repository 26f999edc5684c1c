import type { Params } from '../space/types.js'
import type { Metrics } from '../trainers/types.js'

/** One trial to run: what any executor (thread, child process, inline) needs. */
export interface TrialJob {
  readonly number: number
  readonly params: Params
  readonly seed: number
  readonly experiment: string
  /** The objective metric's name: its value in reports is the intermediate value, in the last report the trial's value. */
  readonly metric: string
}

/** A report of metrics from a running trial; `step` set when it is an intermediate value. */
export interface ReportEvent {
  readonly step?: number
  readonly metrics: Metrics
}

/** How a trial run ended, before it is written to storage. */
export type RunOutcome =
  | { readonly status: 'complete'; readonly value: number; readonly metrics: Metrics }
  | { readonly status: 'pruned'; readonly metrics: Metrics }
  | {
      readonly status: 'fail'
      readonly reason: string
      readonly message?: string
      readonly metrics: Metrics
      readonly stdoutTail?: readonly string[]
      readonly stderrTail?: readonly string[]
    }

export interface RunHooks {
  /**
   * Called for every report; returns true when the trial should be stopped as pruned.
   * The executor then stops the run (SIGTERM, then SIGKILL after a grace period, for a process) and returns status "pruned".
   */
  onReport(event: ReportEvent): boolean
  /** Aborted when the sweep is interrupted (Ctrl-C): the run must stop promptly and return status "fail", reason "interrupted". */
  readonly signal: AbortSignal
}
