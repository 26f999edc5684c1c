import type { Direction, StudyRecord, TrialRecord } from './types.js'

/** The directions of a study, one per objective (a single-objective study has one). */
export function studyDirections(study: Pick<StudyRecord, 'direction' | 'directions'>): readonly Direction[] {
  return study.directions && study.directions.length > 0 ? study.directions : [study.direction]
}

/** The objective metrics' names of a study, in the order of its directions. */
export function studyMetrics(study: Pick<StudyRecord, 'metric' | 'metrics'>): readonly string[] {
  return study.metrics && study.metrics.length > 0 ? study.metrics : [study.metric]
}

/** Every objective value of a trial (a single-objective trial: its value), or undefined when it has none. */
export function trialValues(t: Pick<TrialRecord, 'value' | 'values'>): readonly number[] | undefined {
  if (t.values) return t.values
  return t.value === null ? undefined : [t.value]
}

/** A trial's values oriented so that lower is better in every objective (maximised ones negated). */
export function orientedValues(t: Pick<TrialRecord, 'value' | 'values'>, directions: readonly Direction[]): number[] | undefined {
  const v = trialValues(t)
  if (!v || v.length !== directions.length) return undefined
  return v.map((x, k) => (directions[k] === 'maximize' ? -x : x))
}

/** Whether the trial satisfies its constraints (each <= 0); a trial told none is feasible. */
export function isFeasible(t: Pick<TrialRecord, 'constraints'>): boolean {
  return (t.constraints ?? []).every((c) => c <= 0)
}
