import { StoreClosedError, StoreError } from '../errors.js'
import type { TrialOutcome } from '../trial/outcome.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'
import type { TrialChanges } from './change-log.js'
import { StoreOps, type StoreData } from './state.js'
import type { Storage, StaleOptions, TrialInit } from './types.js'
import { DETACHED, workerId } from './worker-id.js'

/**
 * What the memory and the lowdb stores have in common: the data of every study in this process, changed through
 * StoreOps (which enforces the trial state machine). Subclasses decide what a change costs: nothing in memory, a
 * coalesced file write for lowdb.
 */
export abstract class InProcessStorage implements Storage {
  protected readonly ops: StoreOps
  protected readonly me = workerId()
  private closed = false

  constructor(
    readonly location: string,
    readonly readonly: boolean,
    data: () => StoreData,
  ) {
    this.ops = new StoreOps(data, location)
  }

  /** Called after every change; resolves when the caller may go on (lowdb: once the change is on its way to disk). */
  protected abstract changed(kind: 'study' | 'trial'): Promise<void>
  abstract failStaleTrials(study: string, options?: StaleOptions): Promise<number[]>
  /** Called once by close(), after which every call but close() throws StoreClosedError. */
  protected abstract release(): Promise<void>
  abstract flush(): Promise<void>

  async createStudy(study: StudyRecord): Promise<StudyRecord> {
    this.writable()
    const s = this.ops.createStudy(study)
    await this.changed('study')
    return s
  }
  async getStudy(name: string): Promise<StudyRecord | undefined> {
    this.open()
    return this.ops.find(name)?.study
  }
  async listStudies(): Promise<StudyRecord[]> {
    this.open()
    return this.ops.studies().map((s) => s.study)
  }
  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    this.writable()
    const t = this.ops.createTrial(study, init, init.detached ? `${DETACHED}${this.me}` : this.me)
    await this.changed('trial')
    return t
  }
  async claimWaiting(study: string, options: { readonly detached?: boolean } = {}): Promise<TrialRecord | undefined> {
    this.writable()
    const t = this.ops.claimWaiting(study, options.detached ? `${DETACHED}${this.me}` : this.me)
    if (t) await this.changed('trial')
    return t
  }
  async reportIntermediate(study: string, number: number, step: number, value: number, metrics?: Readonly<Record<string, number>>): Promise<void> {
    this.writable()
    this.ops.reportIntermediate(study, number, step, value, metrics)
    await this.changed('trial')
  }
  async finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord> {
    this.writable()
    const t = this.ops.finishTrial(study, number, outcome)
    await this.changed('trial')
    return t
  }
  async getTrials(study: string): Promise<readonly TrialRecord[]> {
    this.open()
    return this.ops.get(study).trials.slice()
  }
  async getTrialsSince(study: string, cursor: string | undefined): Promise<TrialChanges> {
    this.open()
    return this.ops.changesSince(study, cursor)
  }
  async heartbeat(study: string, numbers: readonly number[]): Promise<void> {
    this.writable()
    this.ops.heartbeat(study, numbers)
    await this.changed('trial')
  }
  async importStudy(study: StudyRecord, trials: readonly TrialRecord[]): Promise<void> {
    this.writable()
    this.ops.importStudy(study, trials)
    await this.changed('study')
  }
  async close(): Promise<void> {
    if (this.closed) return
    try {
      await this.flush()
    } finally {
      this.closed = true
      await this.release()
    }
  }

  /** Throws StoreClosedError once closed: every store answers a call after close() the same way. */
  protected open(): void {
    if (this.closed) throw new StoreClosedError(this.location)
  }

  protected writable(): void {
    this.open()
    if (this.readonly)
      throw new StoreError('STORE_READONLY', `${this.location}: opened read-only (as reports open stores); it cannot be changed`, { file: this.location })
  }

  protected get isClosed(): boolean {
    return this.closed
  }
}
