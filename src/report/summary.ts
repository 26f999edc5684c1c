import type { Params } from '../space/types.js'
import { bestTrial, type BestTrial, paretoTrials } from '../trial/best.js'
import { studyDirections } from '../trial/objectives.js'
import { TRIAL_STATES, type TrialState } from '../trial/state.js'
import type { StrategyConfig, StudyRecord, TrialRecord } from '../trial/types.js'
import type { SearchSpaceInput } from '../space/types.js'
import { type EarlyStopReason, storedEarlyStop } from '../study/stopping.js'

/**
 * The JSON form of `tunekit report` (a contract: other tools read it). A multi-objective study adds `directions` and
 * `metrics` to the experiment, `values` to each trial and `bestTrials` (the feasible Pareto front), its `best` being
 * null; trials told constraints carry `constraints`. A single-objective study without constraints reads as it always did.
 */
export interface ReportJson {
  readonly experiment: {
    readonly name: string
    readonly direction: StudyRecord['direction']
    readonly metric: string
    readonly directions?: StudyRecord['directions']
    readonly metrics?: StudyRecord['metrics']
    readonly strategy: StrategyConfig
    readonly space: SearchSpaceInput
  }
  readonly trials: readonly ReportTrial[]
  readonly best: BestTrial | null
  /** Set when an early-stopping rule (budget.target, budget.patience) ended the study. */
  readonly stopped?: { readonly reason: EarlyStopReason; readonly message: string }
  /** The feasible Pareto front (multi-objective studies and studies with constraints). */
  readonly bestTrials?: readonly ReportBestTrial[]
}

export interface ReportBestTrial {
  readonly number: number
  readonly params: Params
  readonly value: number
  readonly values?: readonly number[]
}

/** A trial as `report --format json` gives it (a contract): the record's fields a report reads. */
export type ReportTrial = Pick<
  TrialRecord,
  'number' | 'state' | 'params' | 'value' | 'values' | 'constraints' | 'metrics' | 'intermediate' | 'startedAt' | 'finishedAt' | 'durationMs' | 'error'
>

export function reportJson(study: StudyRecord, trials: readonly TrialRecord[]): ReportJson {
  const directions = studyDirections(study)
  const multi = directions.length > 1
  const constrained = trials.some((t) => t.constraints !== undefined)
  return {
    experiment: {
      name: study.name,
      direction: study.direction,
      metric: study.metric,
      ...(multi ? { directions: study.directions, metrics: study.metrics } : {}),
      strategy: study.strategy,
      space: study.space,
    },
    trials: trials.map((t) => ({
      number: t.number,
      state: t.state,
      params: t.params,
      value: t.value,
      ...(t.values ? { values: t.values } : {}),
      ...(t.constraints ? { constraints: t.constraints } : {}),
      metrics: t.metrics,
      intermediate: t.intermediate,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      durationMs: t.durationMs,
      error: t.error,
    })),
    best: multi ? null : (bestTrial(trials, study.direction) ?? null),
    ...(multi || constrained
      ? {
          bestTrials: paretoTrials(trials, directions).map((t) => ({
            number: t.number,
            params: t.params,
            value: t.value!,
            ...(t.values ? { values: t.values } : {}),
          })),
        }
      : {}),
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
