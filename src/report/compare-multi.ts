import { ValidationError } from '../errors.js'
import { studyDirections } from '../trial/objectives.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'
import { autoReference, hypervolumeHistory, orientedFeasible } from './pareto.js'

/**
 * Multi-objective studies compared as single-objective ones on hypervolume: each complete trial's value becomes the
 * hypervolume of its study's feasible front after it, to one reference point shared by every study (autoReference
 * over all their feasible trials), to maximise. The statistics of `compare` then apply unchanged: best-so-far curves
 * are hypervolume histories, a run's best its final hypervolume. Returns the inputs unchanged when none is
 * multi-objective; refuses a mix, or studies with different directions.
 */
export function hypervolumeInputs<I extends { readonly study: StudyRecord; readonly trials: readonly TrialRecord[] }>(
  inputs: readonly I[],
): { inputs: readonly I[]; note?: string } {
  const multi = inputs.filter((i) => studyDirections(i.study).length > 1)
  if (multi.length === 0) return { inputs }
  const kinds = new Set(inputs.map((i) => studyDirections(i.study).join(',')))
  if (multi.length !== inputs.length || kinds.size > 1) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `cannot compare studies with different objectives (${inputs.map((i) => `${i.study.name}: ${studyDirections(i.study).join(', ')}`).join('; ')}); ` +
        'multi-objective studies are compared on hypervolume, which needs the same objectives in the same directions',
    )
  }
  const m = studyDirections(inputs[0]!.study).length
  const reference = autoReference(
    inputs.flatMap((i) => orientedFeasible(i.study, i.trials)),
    m,
  )
  const converted = inputs.map((input): I => {
    const history = hypervolumeHistory(input.study, input.trials, reference)
    const sorted = [...input.trials].sort((a, b) => a.number - b.number)
    const hvOf = new Map(sorted.map((t, k) => [t.number, history.values[k]!]))
    const { directions: _d, metrics: _m, ...single } = input.study
    const trials = input.trials.map((t) => {
      if (t.state !== 'complete') return t
      const { values: _v, constraints: _c, ...rest } = t
      return { ...rest, value: hvOf.get(t.number)! }
    })
    return { ...input, study: { ...single, direction: 'maximize', metric: 'hypervolume' }, trials }
  })
  const shown = reference.map((r, k) => (studyDirections(inputs[0]!.study)[k] === 'maximize' ? -r : r))
  return {
    inputs: converted,
    note: `multi-objective studies: compared on the hypervolume of each feasible front to the shared reference point (${shown.map((x) => Number(x.toPrecision(4))).join(', ')})`,
  }
}
