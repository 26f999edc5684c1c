import type { Experiment } from '../experiment/types.js'
import type { BestTrial } from '../trial/best.js'
import type { TrialRecord } from '../trial/types.js'

/** What a sweep tells whoever displays it. */
export type SweepEvent =
  | { readonly type: 'start'; readonly experiment: Experiment; readonly resumed: number; readonly interrupted: readonly number[]; readonly finished: number }
  | { readonly type: 'trial-start'; readonly number: number; readonly params: TrialRecord['params'] }
  | {
      readonly type: 'trial-end'
      readonly trial: TrialRecord
      /** The best trial so far (single-objective sweeps; undefined on multi-objective ones). */
      readonly best: BestTrial | undefined
      /** How many trials the feasible Pareto front holds. */
      readonly front?: number
    }
  | { readonly type: 'end'; readonly summary: SweepSummary }

export type StopReason = 'budget' | 'time' | 'exhausted' | 'interrupted' | 'failures'

export interface SweepSummary {
  readonly reason: StopReason
  readonly trials: readonly TrialRecord[]
  /** The best trial (single-objective sweeps; undefined on multi-objective ones, see bestTrials). */
  readonly best: BestTrial | undefined
  /** The feasible Pareto front (single-objective: the trials with the best feasible value). */
  readonly bestTrials?: readonly TrialRecord[]
  readonly storage: string
  readonly elapsedMs: number
  /** Finished (complete + pruned) trials toward the budget. */
  readonly done: number
}

export type SweepListener = (event: SweepEvent) => void
