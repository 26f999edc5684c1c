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
    const s = this.ops.createStudy(study)
    await this.persist()
    return s
  }
  /** Schedules a rewrite without waiting for it; a failed write surfaces at the next flush or close. */
  private schedule(): void {
    void this.persist().catch(() => {})
  }
  async getStudy(name: string): Promise<StudyRecord | undefined> {
    return this.ops.find(name)?.study
  }
  async listStudies(): Promise<StudyRecord[]> {
    return this.db.data.studies.map((s) => s.study)
  }
  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    const t = this.ops.createTrial(study, init, this.me)
    this.schedule()
    return t
  }
  async reportIntermediate(study: string, number: number, step: number, value: number, metrics?: Readonly<Record<string, number>>): Promise<void> {
    this.ops.reportIntermediate(study, number, step, value, metrics)
    this.schedule()
  }
  async finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord> {
    const t = this.ops.finishTrial(study, number, outcome)
    this.schedule()
    return t
  }
  async getTrials(study: string): Promise<readonly TrialRecord[]> {
    return this.ops.get(study).trials
  }
  async heartbeat(study: string, numbers: readonly number[]): Promise<void> {
    this.ops.heartbeat(study, numbers)
    this.schedule()
  }
  /** We hold the only writer's lock, so a running trial that this process did not start was left by a dead one. */
  async failStaleTrials(study: string): Promise<number[]> {
    if (this.readonly) return []
    const failed = this.ops.failOrphans(study, (w) => w === this.me)
    if (failed.length > 0) this.schedule()
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
    if (this.readonly) return Promise.reject(new Error(`${this.location}: opened read-only`))
    this.dirty = true
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
