import { StudyError } from '../errors.js'
import type { SearchSpaceInput } from '../space/types.js'
import type { Direction, StudyRecord } from '../trial/types.js'

/** A stored study is continued only with the same direction, metric and space: anything else would mix two searches. */
export function checkCompatible(existing: StudyRecord, wanted: { direction: Direction; metric: string; space: SearchSpaceInput }, location: string): void {
  const problems: string[] = []
  if (existing.direction !== wanted.direction) problems.push(`direction is "${existing.direction}" there, "${wanted.direction}" here`)
  if (existing.metric !== wanted.metric) problems.push(`metric is "${existing.metric}" there, "${wanted.metric}" here`)
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
