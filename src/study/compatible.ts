import { StudyError } from '../errors.js'
import type { SearchSpaceInput } from '../space/types.js'
import { studyDirections, studyMetrics } from '../trial/objectives.js'
import type { Direction, StudyRecord } from '../trial/types.js'

/** A stored study is continued only with the same direction, metric and space: anything else would mix two searches. */
export function checkCompatible(
  existing: StudyRecord,
  wanted: { direction: Direction; metric: string; directions?: readonly Direction[]; metrics?: readonly string[]; space: SearchSpaceInput },
  location: string,
): void {
  const problems: string[] = []
  const had = { directions: studyDirections(existing).join(', '), metrics: studyMetrics(existing).join(', ') }
  const want = { directions: studyDirections(wanted).join(', '), metrics: studyMetrics(wanted).join(', ') }
  if (had.directions !== want.directions) problems.push(`direction is "${had.directions}" there, "${want.directions}" here`)
  if (had.metrics !== want.metrics) problems.push(`metric is "${had.metrics}" there, "${want.metrics}" here`)
  if (JSON.stringify(stripMeta(existing.space)) !== JSON.stringify(stripMeta(wanted.space))) problems.push('the search space differs')
  if (problems.length > 0) {
    throw new StudyError(
      'STUDY_MISMATCH',
      `${location}: study "${existing.name}" exists with other settings (${problems.join('; ')}); use another name or storage, or start over with --fresh`,
    )
  }
}

export function stripMeta(space: SearchSpaceInput): unknown {
  return space.parameters
}
