import { StudyError, ValidationError } from '../errors.js'
import type { StudyRecord } from '../trial/types.js'
import { redact } from './location.js'

/**
 * The one rule for picking a study of a store, used by loadStudy, report, migrate and the dashboard: the one named, or
 * else the store's only study. A store with several and no name given is a usage error that lists them, never a
 * silent pick.
 */
export function chooseStudy(studies: readonly StudyRecord[], name: string | undefined, location: string, flag = '--experiment'): StudyRecord {
  const list = studies.map((s) => s.name).join(', ') || 'none'
  if (name !== undefined) {
    const found = studies.find((s) => s.name === name)
    if (!found) throw new StudyError('STUDY_NOT_FOUND', `${redact(location)}: no study named "${name}" (studies: ${list})`)
    return found
  }
  if (studies.length === 1) return studies[0]!
  if (studies.length === 0) throw new StudyError('STUDY_NOT_FOUND', `${redact(location)}: the store holds no study yet`)
  throw new ValidationError('USAGE', `${redact(location)}: the store holds ${studies.length} studies; choose one with ${flag} (studies: ${list})`)
}

/** What every store says when migrate would write a study it already holds: nothing is ever overwritten. */
export function studyExists(location: string, name: string): ValidationError {
  return new ValidationError(
    'INVALID_ARGUMENT',
    `${redact(location)}: already holds a study named "${name}"; migrate never overwrites a study ` +
      '(choose another target, or remove that study there first)',
  )
}
