import type { Experiment } from '../experiment/types.js'
import type { Next } from '../study/loop.js'
import { earlyStop } from '../study/stopping.js'
import type { TrialRecord } from '../trial/types.js'
import type { StopReason } from './events.js'

/** Finished toward the budget: complete and pruned trials (failures are retried with new trials). */
export function countsTowardBudget(t: TrialRecord): boolean {
  return t.state === 'complete' || t.state === 'pruned'
}

/** What the budget needs of the sweep: the store's view of the study, and a way to wait for a change. */
export interface BudgetView {
  refresh(): Promise<readonly TrialRecord[]>
  failStaleTrials(): Promise<number[]>
  /** Resolves when a trial of this process ends, or after `ms`, or on abort. */
  changed(ms: number): Promise<void>
}

/**
 * When a sweep stops: its budget of finished trials (counted in the store, so every worker sharing it counts), its time
 * budget, too many failures in this run, or an interrupt. While the trials running anywhere could still fill the
 * budget, a slot waits instead of asking: if one of them fails, a new trial is needed.
 */
export class SweepBudget {
  stop: StopReason | undefined
  /** What the early-stopping rule that stopped the sweep said. */
  stopMessage: string | undefined
  failures = 0
  private readonly deadline: number

  constructor(
    private readonly exp: Experiment,
    private readonly signal: AbortSignal,
    started: number,
  ) {
    this.deadline = exp.budget.seconds === undefined ? Number.POSITIVE_INFINITY : started + exp.budget.seconds * 1000
  }

  /** The loop's next(): stop (remembering why), wait and look again, or ask for a trial. */
  async next(view: BudgetView, asking: number): Promise<Next> {
    const reason = this.reason()
    if (reason) {
      this.stop ??= reason
      return 'stop'
    }
    const trials = await view.refresh()
    // The rules read the store's history, so every worker on a shared store stops for the same reason.
    const early = (this.exp.budget.target !== undefined || this.exp.budget.patience) && earlyStop(trials, this.exp.objective.direction, this.exp.budget)
    if (early) {
      this.stop ??= early.reason
      this.stopMessage ??= early.message
      return 'stop'
    }
    const finished = trials.filter(countsTowardBudget).length
    const running = trials.filter((t) => t.state === 'running').length
    if (finished >= this.exp.budget.trials) return 'stop'
    if (finished + running + asking < this.exp.budget.trials) return 'ask'
    await view.failStaleTrials()
    await view.changed(1000)
    return 'again'
  }

  /** Counts a finished trial of this run (an interrupted one is not the trainer's failure). */
  finished(t: TrialRecord): void {
    if (t.state === 'fail' && t.error?.reason !== 'interrupted') this.failures++
  }

  private reason(): StopReason | undefined {
    if (this.signal.aborted) return 'interrupted'
    if (this.stop) return this.stop
    if (this.failures > this.exp.budget.maxFailures) return 'failures'
    if (Date.now() >= this.deadline) return 'time'
    return undefined
  }
}
