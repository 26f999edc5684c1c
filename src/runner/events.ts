import type { Experiment } from '../experiment/types.js'
import type { WarmStart } from '../study/warm-start.js'
import type { BestTrial } from '../trial/best.js'
import type { TrialRecord } from '../trial/types.js'

/** What a sweep tells whoever displays it. */
/** `resumed`: the trials stored before this run (the `interrupted` ones, just marked failed, included). */
export type SweepEvent =
  | {
      readonly type: 'start'
      readonly experiment: Experiment
      readonly resumed: number
      readonly interrupted: readonly number[]
      readonly finished: number
      /** The prior trials of a warm start, and what was left out. */
      readonly warm?: WarmStart
    }
  | { readonly type: 'trial-start'; readonly number: number; readonly params: TrialRecord['params'] }
  | { readonly type: 'trial-end'; readonly trial: TrialRecord; readonly best: BestTrial | undefined }
  | { readonly type: 'end'; readonly summary: SweepSummary }
  /** Something went wrong that does not stop the sweep (a notify command that failed). */
  | { readonly type: 'warning'; readonly message: string }

export type StopReason = 'budget' | 'time' | 'exhausted' | 'interrupted' | 'failures' | 'target' | 'patience'

export interface SweepSummary {
  readonly reason: StopReason
  readonly trials: readonly TrialRecord[]
  readonly best: BestTrial | undefined
  readonly storage: string
  readonly elapsedMs: number
  /** Why an early-stopping rule (budget.target, budget.patience) stopped it, in words. */
  readonly stopMessage?: string
  /** Finished (complete + pruned) trials toward the budget. */
  readonly done: number
}

export type SweepListener = (event: SweepEvent) => void
