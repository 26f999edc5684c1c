import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Low } from 'lowdb'
import { FileError } from '../errors.js'
import { InProcessStorage } from './in-process.js'
import { acquireLock, type StoreLock } from './lock.js'
import { TrialStoreFile } from './lowdb-file.js'
import { emptyStore, type StoreData } from './state.js'
import type { StaleOptions } from './types.js'
import { DETACHED } from './worker-id.js'

/** How long a change may wait for the disk before the caller waits for the write (see changed()). */
const MAX_LAG_MS = 100

interface Waiter {
  resolve: () => void
  reject: (e: unknown) => void
}

/**
 * The embedded default store: one lowdb JSON file, one writing process (a pid lock, checked before each write), any number of readers.
 * Writes are coalesced: a change is applied in memory at once and a rewrite is scheduled; while one rewrite is
 * in flight, every further change waits for the next, which carries them all. So the whole-file rewrite of lowdb
 * costs one write per batch, not per trial. `flush()` resolves once every change made before it is on disk
 * (the sweep runner flushes before it launches a trial and before it announces one as finished).
 */
export class LowdbStorage extends InProcessStorage {
  private dirty = false
  private draining = false
  private waiters: Waiter[] = []
  private failure: unknown
  /** When the oldest change not yet on disk was made (0: none). */
  private pendingSince = 0

  private constructor(
    location: string,
    readonly: boolean,
    private readonly db: Low<StoreData>,
    private readonly lock: StoreLock | undefined,
  ) {
    super(location, readonly, () => db.data)
  }

  /** Opens (or creates, when writable) a store file. Writers take the store's lock; readers never do. */
  static async open(location: string, options: { readonly?: boolean; takeOver?: boolean } = {}): Promise<LowdbStorage> {
    const readonly = options.readonly ?? false
    const path = resolve(location)
    if (!readonly) mkdirSync(dirname(path), { recursive: true })
    const lock = readonly ? undefined : acquireLock(path, { takeOver: options.takeOver ?? false })
    try {
      const db = new Low<StoreData>(new TrialStoreFile(location), emptyStore())
      await db.read()
      if (readonly && db.data.studies.length === 0 && !existsSync(path)) {
        throw new FileError('FILE_NOT_FOUND', `${location}: no such store; check the path (stores are written by tunekit run)`, { file: location })
      }
      return new LowdbStorage(location, readonly, db, lock)
    } catch (e) {
      lock?.release()
      throw e
    }
  }

  /**
   * A new study waits for the disk. A trial change schedules a rewrite without waiting for it (a failed write surfaces
   * at the next flush or close); but a caller that never yields to the event loop (a synchronous objective) would
   * starve the rewrite, so once a change has waited MAX_LAG_MS the caller waits for the write: a told trial is on disk
   * within about that time.
   */
  protected changed(kind: 'study' | 'trial'): Promise<void> {
    const p = this.persist()
    if (kind === 'study' || Date.now() - this.pendingSince >= MAX_LAG_MS) return p
    void p.catch(() => {})
    return Promise.resolve()
  }

  /**
   * We hold the only writer's lock, so a running trial that this process did not start was left by a dead one; except a
   * detached one (handed out by `tunekit ask` to be told later), which is lost only once its heartbeat is older than
   * graceSeconds.
   */
  async failStaleTrials(study: string, options: StaleOptions = {}): Promise<number[]> {
    this.open()
    if (this.readonly) return []
    const graceMs = (options.graceSeconds ?? 60) * 1000
    const now = Date.now()
    const failed = this.ops.failOrphans(study, (t) => {
      if (t.worker === this.me) return undefined
      if (!t.worker?.startsWith(DETACHED)) return 'interrupted'
      const beat = t.heartbeatAt ? Date.parse(t.heartbeatAt) : 0
      return now - beat > graceMs ? 'worker lost' : undefined
    })
    if (failed.length > 0) await this.changed('trial')
    return failed
  }

  async flush(): Promise<void> {
    this.open()
    if (this.readonly) return
    if (this.dirty || this.draining) await this.persist()
    if (this.failure) throw this.failure
  }

  protected async release(): Promise<void> {
    this.lock?.release()
  }

  /** Marks the data changed; resolves when a write that includes this change has completed. */
  private persist(): Promise<void> {
    this.dirty = true
    if (this.pendingSince === 0) this.pendingSince = Date.now()
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }))
    if (!this.draining) {
      this.draining = true
      // Start on the next turn, so that the changes of this turn share the write.
      setImmediate(() => void this.drain())
    }
    return p
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      this.dirty = false
      const batch = this.waiters
      this.waiters = []
      this.pendingSince = 0
      try {
        // Still ours? A lock file deleted or taken over means another writer may be at work: never write over it.
        this.lock?.verify()
        await this.db.write()
        for (const w of batch) w.resolve()
      } catch (e) {
        this.failure = e
        for (const w of batch) w.reject(e)
      }
    }
    this.draining = false
  }
}
