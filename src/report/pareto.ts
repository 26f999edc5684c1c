import { paretoTrials } from '../trial/best.js'
import { isFeasible, orientedValues, studyDirections, studyMetrics } from '../trial/objectives.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'
import { hypervolume, nondominated } from '../util/hypervolume.js'

/** What the report draws of a multi-objective study: every objective's values, feasibility, the front, hypervolume. */
export interface ParetoData {
  readonly metrics: readonly string[]
  readonly directions: readonly string[]
  /** Per objective, per trial (number order): the value, null where the trial has none. */
  readonly values: readonly (readonly (number | null)[])[]
  /** Per trial: false when it was told constraints it breaks. */
  readonly feasible: readonly boolean[]
  /** The feasible Pareto front's trial numbers. */
  readonly front: readonly number[]
  /** The reference point the hypervolume is measured to (in the objectives' own orientation). */
  readonly reference: readonly number[]
  /** Per trial (number order): the hypervolume of the feasible front of the trials up to it. */
  readonly hypervolume: readonly number[]
}

/**
 * A reference point for a study's hypervolume when none is given: per objective, the worst value among the feasible
 * complete trials, plus a tenth of their range (so that the extreme points of the front still count). Oriented:
 * lower is better in every coordinate (maximised objectives negated).
 */
export function autoReference(points: readonly (readonly number[])[], m: number): number[] {
  const ref: number[] = []
  for (let k = 0; k < m; k++) {
    let lo = Number.POSITIVE_INFINITY
    let hi = Number.NEGATIVE_INFINITY
    for (const p of points) {
      lo = Math.min(lo, p[k]!)
      hi = Math.max(hi, p[k]!)
    }
    ref.push(points.length === 0 ? 1 : hi + Math.max((hi - lo) / 10, Math.abs(hi) * 1e-9, 1e-12))
  }
  return ref
}

/** The feasible complete trials' oriented values, by trial number order. */
function feasiblePoints(study: StudyRecord, trials: readonly TrialRecord[]): { number: number; v: number[] }[] {
  const directions = studyDirections(study)
  const out: { number: number; v: number[] }[] = []
  for (const t of trials) {
    if (t.state !== 'complete' || !isFeasible(t)) continue
    const v = orientedValues(t, directions)
    if (v) out.push({ number: t.number, v })
  }
  return out
}

/**
 * The hypervolume of the feasible front after each trial (trials in number order), to `reference` (oriented; by
 * default autoReference over the whole study). Recomputed only when a trial joins the front.
 */
export function hypervolumeHistory(
  study: StudyRecord,
  trials: readonly TrialRecord[],
  reference?: readonly number[],
): { reference: number[]; values: number[] } {
  const sorted = [...trials].sort((a, b) => a.number - b.number)
  const points = feasiblePoints(study, sorted)
  const ref = reference
    ? [...reference]
    : autoReference(
        points.map((p) => p.v),
        studyDirections(study).length,
      )
  const byNumber = new Map(points.map((p) => [p.number, p.v]))
  let front: number[][] = []
  let hv = 0
  const values = sorted.map((t) => {
    const v = byNumber.get(t.number)
    if (v && !front.some((q) => q.every((x, k) => x <= v[k]!))) {
      front = nondominated([...front, v])
      hv = hypervolume(front, ref)
    }
    return hv
  })
  return { reference: ref, values }
}

/** The final hypervolume of a study's feasible front to `reference` (oriented). */
export function studyHypervolume(study: StudyRecord, trials: readonly TrialRecord[], reference: readonly number[]): number {
  return hypervolume(
    feasiblePoints(study, trials).map((p) => p.v),
    reference,
  )
}

/** Every feasible complete trial's oriented values (for a shared reference point across studies). */
export function orientedFeasible(study: StudyRecord, trials: readonly TrialRecord[]): number[][] {
  return feasiblePoints(study, trials).map((p) => p.v)
}

export function paretoData(study: StudyRecord, trials: readonly TrialRecord[]): ParetoData {
  const sorted = [...trials].sort((a, b) => a.number - b.number)
  const directions = studyDirections(study)
  const history = hypervolumeHistory(study, sorted)
  return {
    metrics: studyMetrics(study),
    directions,
    values: directions.map((_, k) => sorted.map((t) => (t.state === 'complete' && t.values?.[k] !== undefined ? t.values[k]! : null))),
    feasible: sorted.map((t) => isFeasible(t)),
    front: paretoTrials(sorted, directions).map((t) => t.number),
    // Shown in the objectives' own orientation.
    reference: history.reference.map((r, k) => (directions[k] === 'maximize' ? -r : r)),
    hypervolume: history.values,
  }
}
