import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { StoreError } from '../errors.js'
import { isPidAlive } from './worker-id.js'

interface LockInfo {
  pid: number
  host: string
  since: string
}

const held = new Set<string>()
let exitHook = false

/**
 * Takes the single-writer lock of a store: `<store>.lock`, created exclusively, holding the owner's pid and host.
 * A lock whose process is dead (same host) is taken over, so a crash never locks a store for good.
 * We use a pid lock rather than an mtime lock (proper-lockfile): a dead owner is detected at once, not after a stale timeout.
 */
export function acquireLock(store: string): () => void {
  const lockFile = `${store}.lock`
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx')
      const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
      writeSync(fd, JSON.stringify(info))
      closeSync(fd)
      held.add(lockFile)
      installExitHook()
      return () => release(lockFile)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(
          'STORE_UNREADABLE',
          `${store}: cannot create the lock file ${lockFile} (${(e as NodeJS.ErrnoException).code ?? String(e)}); check that the folder is writable`,
          { file: store, cause: e },
        )
      }
      const owner = readLock(lockFile)
      if (owner && owner.host === hostname() && !isPidAlive(owner.pid)) {
        tryUnlink(lockFile) // its owner died: take it over
        continue
      }
      if (!owner && attempt === 0) {
        // Being written right now, or empty after a crash between create and write: look once more.
        sleepSync(50)
        continue
      }
      if (!owner) {
        tryUnlink(lockFile)
        continue
      }
      const who = owner.host === hostname() ? `process ${owner.pid}` : `process ${owner.pid} on host ${owner.host}`
      throw new StoreError(
        'STORE_LOCKED',
        `${store}: in use by ${who} since ${owner.since}; only one process may write a store. Wait for it to finish or stop it (tunekit report reads ` +
          `a store while it runs); if that process is gone, delete ${lockFile}`,
        { file: store },
      )
    }
  }
  throw new StoreError('STORE_LOCKED', `${store}: could not take the lock ${lockFile}; delete it if no tunekit process uses the store`, { file: store })
}

function readLock(lockFile: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<LockInfo>
    if (typeof info.pid === 'number' && typeof info.host === 'string') return { pid: info.pid, host: info.host, since: String(info.since ?? '?') }
  } catch {
    // unreadable or half-written
  }
  return undefined
}

function release(lockFile: string): void {
  if (!held.delete(lockFile)) return
  tryUnlink(lockFile)
}

function tryUnlink(f: string): void {
  try {
    unlinkSync(f)
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHook) return
  exitHook = true
  process.on('exit', () => {
    for (const f of held) tryUnlink(f)
    held.clear()
  })
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
