import type { Params } from '../space/types.js'
import type { TrialOutcome } from '../trial/outcome.js'
import type { Metrics } from '../trial/types.js'

/** One trial to run: what any executor (thread, child process) needs. */
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

export interface RunHooks {
  /**
   * Called for every report; returns true when the trial should be stopped as pruned.
   * The executor then stops the run (SIGTERM, then SIGKILL after a grace period, for a process) and ends it as pruned.
   */
  onReport(event: ReportEvent): boolean
  /** Aborted when the sweep is interrupted (Ctrl-C): the run must stop promptly and end as fail, reason "interrupted". */
  readonly signal: AbortSignal
}

export type { TrialOutcome }
