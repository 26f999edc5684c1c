import type { Params } from '../space/types.js'
import { bestTrial, type BestTrial } from '../trial/best.js'
import { TRIAL_STATES, type TrialState } from '../trial/state.js'
import type { StrategyConfig, StudyRecord, TrialRecord } from '../trial/types.js'
import type { SearchSpaceInput } from '../space/types.js'
import { type EarlyStopReason, storedEarlyStop } from '../study/stopping.js'

/** The JSON form of `tunekit report` (a contract: other tools read it). */
export interface ReportJson {
  readonly experiment: {
    readonly name: string
    readonly direction: StudyRecord['direction']
    readonly metric: string
    readonly strategy: StrategyConfig
    readonly space: SearchSpaceInput
  }
  readonly trials: readonly ReportTrial[]
  readonly best: BestTrial | null
  /** Set when an early-stopping rule (budget.target, budget.patience) ended the study. */
  readonly stopped?: { readonly reason: EarlyStopReason; readonly message: string }
}

export interface ReportTrial {
  readonly number: number
  readonly state: TrialState
  readonly params: Params
  readonly value: number | null
  readonly metrics: Readonly<Record<string, number>>
  readonly intermediate: readonly { readonly step: number; readonly value: number }[]
  readonly startedAt: string | null
  readonly finishedAt: string | null
  readonly durationMs: number | null
  readonly error: TrialRecord['error']
}

export function reportJson(study: StudyRecord, trials: readonly TrialRecord[]): ReportJson {
  return {
    experiment: { name: study.name, direction: study.direction, metric: study.metric, strategy: study.strategy, space: study.space },
    trials: trials.map((t) => ({
      number: t.number,
      state: t.state,
      params: t.params,
      value: t.value,
      metrics: t.metrics,
      intermediate: t.intermediate,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      durationMs: t.durationMs,
      error: t.error,
    })),
    best: bestTrial(trials, study.direction) ?? null,
    ...withStopped(study, trials),
  }
}

function withStopped(study: StudyRecord, trials: readonly TrialRecord[]): { stopped?: { reason: EarlyStopReason; message: string } } {
  const stopped = storedEarlyStop(study, trials)
  return stopped ? { stopped } : {}
}

/**
 * Whether the trials were proposed by other than the study's strategy (auto's choices, enqueued trials): then the
 * reports show a strategy column per trial.
 */
export function showsProposer(study: StudyRecord, trials: readonly TrialRecord[]): boolean {
  // Imported trials (tunekit import) were proposed elsewhere; a column saying so on each would stop a report's CSV from
  // importing back unchanged, so they alone do not make one.
  return trials.some((t) => t.strategy !== study.strategy.name && t.strategy !== 'imported')
}

export function stateCounts(trials: readonly TrialRecord[]): Record<TrialState, number> {
  const counts = Object.fromEntries(TRIAL_STATES.map((s) => [s, 0])) as Record<TrialState, number>
  for (const t of trials) counts[t.state]++
  return counts
}

/** The best trials first (complete ones by value), then the rest by number. */
export function rankTrials(trials: readonly TrialRecord[], direction: StudyRecord['direction']): TrialRecord[] {
  const sign = direction === 'minimize' ? 1 : -1
  return [...trials].sort((a, b) => {
    const av = a.state === 'complete' && a.value !== null
    const bv = b.state === 'complete' && b.value !== null
    if (av && bv) return sign * (a.value! - b.value!) || a.number - b.number
    if (av !== bv) return av ? -1 : 1
    return a.number - b.number
  })
}

/** Parameter names in first-seen order (space order when given). */
export function paramNames(study: StudyRecord, trials: readonly TrialRecord[]): string[] {
  const names = new Set(Object.keys(study.space.parameters))
  for (const t of trials) for (const k of Object.keys(t.params)) names.add(k)
  return [...names]
}

export function metricNames(trials: readonly TrialRecord[]): string[] {
  const names = new Set<string>()
  for (const t of trials) for (const k of Object.keys(t.metrics)) names.add(k)
  return [...names]
}
