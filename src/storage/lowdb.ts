import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Low } from 'lowdb'
import { TunekitError } from '../errors.js'
import type { StudyRecord, TrialOutcome, TrialRecord } from '../study/types.js'
import { acquireLock } from './lock.js'
import { TrialStoreFile } from './lowdb-file.js'
import { emptyStore, StoreOps, type StoreData } from './state.js'
import type { Storage, TrialInit } from './types.js'
import { workerId } from './worker-id.js'

/** How long a change may wait for the disk before the caller waits for the write (see schedule()). */
const MAX_LAG_MS = 100

interface Waiter {
  resolve: () => void
  reject: (e: unknown) => void
}

/**
 * The embedded default store: one lowdb JSON file, one writing process (a pid lock), any number of readers.
 * Writes are coalesced: a change is applied in memory at once and a rewrite is scheduled; while one rewrite is
 * in flight, every further change waits for the next, which carries them all. So the whole-file rewrite of lowdb
 * costs one write per batch, not per trial. `flush()` resolves once every change made before it is on disk
 * (the sweep runner flushes before it launches a trial and before it announces one as finished).
 */
export class LowdbStorage implements Storage {
  private readonly ops: StoreOps
  private dirty = false
  private draining = false
  private waiters: Waiter[] = []
  private failure: unknown
  private closed = false
  /** When the oldest change not yet on disk was made (0: none). */
  private pendingSince = 0
  private readonly me = workerId()

  private constructor(
    readonly location: string,
    readonly readonly: boolean,
    private readonly db: Low<StoreData>,
    private readonly release: () => void,
  ) {
    this.ops = new StoreOps(() => this.db.data, location)
  }

  /** Opens (or creates, when writable) a store file. Writers take the store's lock; readers never do. */
  static async open(location: string, options: { readonly?: boolean } = {}): Promise<LowdbStorage> {
    const readonly = options.readonly ?? false
    const path = resolve(location)
    if (!readonly) mkdirSync(dirname(path), { recursive: true })
    const release = readonly ? () => {} : acquireLock(path)
    try {
      const db = new Low<StoreData>(new TrialStoreFile(location), emptyStore())
      await db.read()
      if (readonly && db.data.studies.length === 0 && !existsSync(path)) {
        throw new TunekitError('FILE_NOT_FOUND', `${location}: no such store; check the path (stores are written by tunekit run)`, { file: location })
      }
      return new LowdbStorage(location, readonly, db, release)
    } catch (e) {
      release()
      throw e
    }
  }

  async createStudy(study: StudyRecord): Promise<StudyRecord> {
    this.writable()
    const s = this.ops.createStudy(study)
    await this.persist()
    return s
  }
  /**
   * Schedules a rewrite without waiting for it; a failed write surfaces at the next flush or close.
   * A caller that never yields to the event loop (a synchronous objective) would starve the rewrite, so once a change
   * has waited MAX_LAG_MS the caller waits for the write: a told trial is on disk within about that time.
   */
  private schedule(): Promise<void> {
    const p = this.persist()
    if (Date.now() - this.pendingSince >= MAX_LAG_MS) return p
    void p.catch(() => {})
    return Promise.resolve()
  }

  private writable(): void {
    if (this.closed) throw new TunekitError('STORE_READONLY', `${this.location}: the store was closed; open it again`, { file: this.location })
    if (this.readonly)
      throw new TunekitError('STORE_READONLY', `${this.location}: opened read-only (as reports open stores); it cannot be changed`, { file: this.location })
  }
  async getStudy(name: string): Promise<StudyRecord | undefined> {
    return this.ops.find(name)?.study
  }
  async listStudies(): Promise<StudyRecord[]> {
    return this.db.data.studies.map((s) => s.study)
  }
  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    this.writable()
    const t = this.ops.createTrial(study, init, this.me)
    await this.schedule()
    return t
  }
  async claimWaiting(study: string): Promise<TrialRecord | undefined> {
    this.writable()
    const t = this.ops.claimWaiting(study, this.me)
    if (t) await this.schedule()
    return t
  }
  async reportIntermediate(study: string, number: number, step: number, value: number, metrics?: Readonly<Record<string, number>>): Promise<void> {
    this.writable()
    this.ops.reportIntermediate(study, number, step, value, metrics)
    await this.schedule()
  }
  async finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord> {
    this.writable()
    const t = this.ops.finishTrial(study, number, outcome)
    await this.schedule()
    return t
  }
  async getTrials(study: string): Promise<readonly TrialRecord[]> {
    return this.ops.get(study).trials.slice()
  }
  async heartbeat(study: string, numbers: readonly number[]): Promise<void> {
    this.writable()
    this.ops.heartbeat(study, numbers)
    await this.schedule()
  }
  /** We hold the only writer's lock, so a running trial that this process did not start was left by a dead one. */
  async failStaleTrials(study: string): Promise<number[]> {
    if (this.readonly) return []
    const failed = this.ops.failOrphans(study, (w) => w === this.me)
    if (failed.length > 0) await this.schedule()
    return failed
  }
  async flush(): Promise<void> {
    if (this.readonly) return
    if (this.dirty || this.draining) await this.persist()
    if (this.failure) throw this.failure
  }
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      await this.flush()
    } finally {
      this.release()
    }
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
