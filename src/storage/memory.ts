import type { StudyRecord, TrialOutcome, TrialRecord } from '../study/types.js'
import { emptyStore, StoreOps, type StoreData } from './state.js'
import type { Storage, TrialInit } from './types.js'
import { workerId } from './worker-id.js'

/** A store that lives and dies with the process: the default of the library API. */
export class MemoryStorage implements Storage {
  readonly location = ':memory:'
  readonly readonly = false
  private readonly data: StoreData = emptyStore()
  private readonly ops = new StoreOps(() => this.data, this.location)

  async createStudy(study: StudyRecord): Promise<StudyRecord> {
    return this.ops.createStudy(study)
  }
  async getStudy(name: string): Promise<StudyRecord | undefined> {
    return this.ops.find(name)?.study
  }
  async listStudies(): Promise<StudyRecord[]> {
    return this.data.studies.map((s) => s.study)
  }
  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    return this.ops.createTrial(study, init, workerId())
  }
  async claimWaiting(study: string): Promise<TrialRecord | undefined> {
    return this.ops.claimWaiting(study, workerId())
  }
  async reportIntermediate(study: string, number: number, step: number, value: number, metrics?: Readonly<Record<string, number>>): Promise<void> {
    this.ops.reportIntermediate(study, number, step, value, metrics)
  }
  async finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord> {
    return this.ops.finishTrial(study, number, outcome)
  }
  async getTrials(study: string): Promise<readonly TrialRecord[]> {
    return this.ops.get(study).trials.slice()
  }
  async heartbeat(study: string, numbers: readonly number[]): Promise<void> {
    this.ops.heartbeat(study, numbers)
  }
  async failStaleTrials(): Promise<number[]> {
    return [] // nothing outlives the process that runs it
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
