import { existsSync, renameSync } from 'node:fs'
import { ValidationError } from '../errors.js'
import { isUrl, redact } from '../storage/location.js'
import { acquireLock } from '../storage/lock.js'

/** `--fresh`: moves a store file aside as <name>.<timestamp>.json (a history is never deleted); returns where. */
export function moveAside(location: string, options: { takeOver?: boolean } = {}): string | undefined {
  if (isUrl(location)) {
    throw new ValidationError(
      'USAGE',
      `--fresh moves a store file aside; ${redact(location)} is a database: give the experiment another name (or delete the study there yourself)`,
    )
  }
  if (!existsSync(location)) return undefined
  // Never move a store that another process is writing: take its lock for the move.
  const lock = acquireLock(location, { takeOver: options.takeOver ?? false })
  try {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const target = location.replace(/(\.json)?$/, `.${stamp}.json`)
    renameSync(location, target)
    return target
  } finally {
    lock.release()
  }
}
