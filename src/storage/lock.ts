import { randomBytes } from 'node:crypto'
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { StoreError } from '../errors.js'
import { processStart, processState } from '../util/proc.js'
import { isPidAlive } from './worker-id.js'

interface LockInfo {
  pid: number
  host: string
  since: string
  /** The owner's start time as /proc gives it ("<boot id>:<ticks since boot>"): a reused pid has another. */
  started?: string
  /** Unique to one taking of the lock: how its owner knows that the file is still its own. */
  token?: string
}

/** A held store lock. */
export interface StoreLock {
  /** Throws (STORE_FAILED) unless the lock file is still this one: called before each write of the store. */
  verify(): void
  release(): void
}

export interface LockOptions {
  /** Take over a lock whose owner is gone, also one on another host: checked by the lock not being refreshed for STALE_MS. */
  readonly takeOver?: boolean
}

/** How often a holder refreshes its lock file's mtime, so that another host can tell a live owner from a gone one. */
export const REFRESH_MS = 10_000
/** A lock not refreshed for this long has no live owner: `--take-over` may take it. */
export const STALE_MS = 3 * REFRESH_MS

const held = new Map<string, { token: string; timer: NodeJS.Timeout }>()
let exitHook = false

/**
 * Takes the single-writer lock of a store: `<store>.lock`, created exclusively, holding the owner's pid, host, start
 * time and a token. A lock whose owner is gone (same host: no such process, a zombie, or a process with another start
 * time, i.e. a reused pid) is taken over, so a crash never locks a store for good; a lock from another host only with
 * `takeOver`, once it has not been refreshed for STALE_MS. The holder verifies its token before each write, so a
 * writer whose lock was deleted or taken stops instead of writing over another.
 * We use a pid lock rather than an mtime lock (proper-lockfile): a dead owner is detected at once, not after a stale timeout.
 */
export function acquireLock(store: string, options: LockOptions = {}): StoreLock {
  const lockFile = `${store}.lock`
  for (let attempt = 0; attempt < 4; attempt++) {
    const info = myLock()
    try {
      const fd = openSync(lockFile, 'wx')
      writeSync(fd, JSON.stringify(info))
      closeSync(fd)
      return hold(store, lockFile, info.token!)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(
          'STORE_UNREADABLE',
          `${store}: cannot create the lock file ${lockFile} (${(e as NodeJS.ErrnoException).code ?? String(e)}); check that the folder is writable`,
          { file: store, cause: e },
        )
      }
    }
    const text = readText(lockFile)
    if (text === undefined) continue // removed meanwhile: try again
    const owner = parseLock(text)
    if (!owner && attempt === 0) {
      // Being written right now, or empty after a crash between create and write: look once more.
      sleepSync(50)
      continue
    }
    const state = owner ? ownerState(owner) : 'gone'
    if (state === 'gone' || (state === 'unknown' && options.takeOver && lockAgeMs(lockFile) >= STALE_MS)) {
      // Replaced in one rename, and only if the file is still the one judged: a racing taker finds ours and stops.
      if (readText(lockFile) !== text) continue
      const tmp = `${lockFile}.${process.pid}.${info.token}`
      try {
        const fd = openSync(tmp, 'wx')
        writeSync(fd, JSON.stringify(info))
        closeSync(fd)
        renameSync(tmp, lockFile)
      } catch {
        tryUnlink(tmp)
        continue
      }
      if (parseLock(readText(lockFile) ?? '')?.token === info.token) return hold(store, lockFile, info.token!)
      continue
    }
    throw lockedError(store, lockFile, owner!, options.takeOver === true)
  }
  throw new StoreError('STORE_LOCKED', `${store}: could not take the lock ${lockFile}: other processes keep taking it; try again`, { file: store })
}

/** Whether the owner of a lock is alive: 'unknown' for another host's, whose processes this one cannot see. */
function ownerState(owner: LockInfo): 'alive' | 'gone' | 'unknown' {
  if (owner.host !== hostname()) return 'unknown'
  if (owner.pid === process.pid) return 'alive'
  if (!isPidAlive(owner.pid)) return 'gone'
  const state = processState(owner.pid)
  // A zombie never writes again (without an init to reap it, a SIGKILLed owner stays one for good).
  if (state === 'Z' || state === 'X') return 'gone'
  if (owner.started !== undefined) {
    const started = processStart(owner.pid)
    if (started !== undefined && started !== owner.started) return 'gone' // the pid now names another process
  }
  return 'alive'
}

function lockedError(store: string, lockFile: string, owner: LockInfo, takeOver: boolean): StoreError {
  const sameHost = owner.host === hostname()
  const who = sameHost ? `process ${owner.pid}` : `process ${owner.pid} on host ${owner.host}`
  let advice: string
  if (sameHost) {
    advice = `Wait for it to finish or stop it (kill ${owner.pid}); tunekit report reads a store while it runs`
  } else if (takeOver) {
    const age = Math.round(lockAgeMs(lockFile) / 1000)
    advice =
      `--take-over refused: its lock ${lockFile} was refreshed ${age} s ago, so its owner may still be running ` +
      `(a live owner refreshes it every ${REFRESH_MS / 1000} s; it is taken once ${STALE_MS / 1000} s have passed without)`
  } else {
    advice =
      `Wait for it to finish or stop it on ${owner.host}; if it is gone, run again with --take-over, which takes the lock once ` +
      `it has not been refreshed for ${STALE_MS / 1000} s`
  }
  return new StoreError('STORE_LOCKED', `${store}: in use by ${who} since ${owner.since}; only one process may write a store. ${advice}`, { file: store })
}

function myLock(): LockInfo {
  const started = processStart(process.pid)
  return {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    ...(started !== undefined ? { started } : {}),
    token: randomBytes(8).toString('hex'),
  }
}

function hold(store: string, lockFile: string, token: string): StoreLock {
  // A live owner refreshes the lock's mtime, so that another host can tell it from a gone one (see --take-over).
  const timer = setInterval(() => {
    if (parseLock(readText(lockFile) ?? '')?.token !== token) return
    try {
      const now = new Date()
      utimesSync(lockFile, now, now)
    } catch {
      // verify() reports a lost lock at the next write
    }
  }, REFRESH_MS)
  timer.unref()
  held.set(lockFile, { token, timer })
  installExitHook()
  return {
    verify: () => verify(store, lockFile, token),
    release: () => release(lockFile, token),
  }
}

function verify(store: string, lockFile: string, token: string): void {
  const text = readText(lockFile)
  const owner = text === undefined ? undefined : parseLock(text)
  if (owner?.token === token) return
  const what =
    text === undefined
      ? `its lock file ${lockFile} was deleted`
      : owner
        ? `its lock ${lockFile} was taken by process ${owner.pid}${owner.host === hostname() ? '' : ` on host ${owner.host}`} at ${owner.since}`
        : `its lock file ${lockFile} was overwritten`
  throw new StoreError(
    'STORE_FAILED',
    `${store}: ${what} while this process was writing the store; stopped without writing, so that two processes never write it at once ` +
      `(finished trials are kept; run again once no other process writes it)`,
    { file: store },
  )
}

function readText(lockFile: string): string | undefined {
  try {
    return readFileSync(lockFile, 'utf8')
  } catch {
    return undefined
  }
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as Partial<LockInfo>
    if (typeof info.pid === 'number' && typeof info.host === 'string') {
      return {
        pid: info.pid,
        host: info.host,
        since: String(info.since ?? '?'),
        ...(typeof info.started === 'string' ? { started: info.started } : {}),
        ...(typeof info.token === 'string' ? { token: info.token } : {}),
      }
    }
  } catch {
    // unreadable or half-written
  }
  return undefined
}

function lockAgeMs(lockFile: string): number {
  try {
    return Date.now() - statSync(lockFile).mtimeMs
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/** Removes the lock file only while it is still ours: a lock taken over meanwhile belongs to its new owner. */
function release(lockFile: string, token: string): void {
  const entry = held.get(lockFile)
  if (!entry || entry.token !== token) return
  held.delete(lockFile)
  clearInterval(entry.timer)
  if (parseLock(readText(lockFile) ?? '')?.token === token) tryUnlink(lockFile)
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
    for (const [f, { token }] of held) if (parseLock(readText(f) ?? '')?.token === token) tryUnlink(f)
    held.clear()
  })
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
