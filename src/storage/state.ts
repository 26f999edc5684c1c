import { DuplicateTrialError, StudyError, TrialFinishedError, UnknownTrialError } from '../errors.js'
import { studyExists } from './choose.js'
import { canTransition, releasesKey } from '../trial/state.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'
import { outcomeError, outcomeValue, type TrialOutcome } from '../trial/outcome.js'
import type { TrialChanges } from './change-log.js'
import { StudyIndex } from './study-index.js'
import type { TrialInit } from './types.js'

/** The data of a file-like store: every study with its trials. */
export interface StoreData {
  version: 1
  studies: StoredStudy[]
}

export interface StoredStudy {
  study: StudyRecord
  trials: TrialRecord[]
}

export function emptyStore(): StoreData {
  return { version: 1, studies: [] }
}

/**
 * The operations of an in-process store on plain data, shared by the memory and lowdb storages.
 * Trial records are replaced, never mutated, so a finished record can be cached (serialised) by identity.
 */
export class StoreOps {
  /** Per study (by identity: an imported or reread study gets a new one), what asks look up without a scan. */
  private readonly indexes = new WeakMap<StoredStudy, StudyIndex>()

  constructor(
    private readonly data: () => StoreData,
    private readonly location: string,
  ) {}

  private indexOf(s: StoredStudy): StudyIndex {
    let x = this.indexes.get(s)
    if (!x) {
      x = new StudyIndex(s.trials)
      this.indexes.set(s, x)
    }
    return x
  }

  /** The trials changed since `cursor` (see Storage.getTrialsSince). */
  changesSince(name: string, cursor: string | undefined): TrialChanges {
    const s = this.get(name)
    const x = this.indexOf(s)
    const numbers = x.log.since(cursor)
    if (!numbers) return { trials: s.trials.slice(), reset: true, cursor: x.log.cursor }
    return { trials: numbers.map((n) => s.trials[this.index(s, n)]!), reset: false, cursor: x.log.cursor }
  }

  studies(): readonly StoredStudy[] {
    return this.data().studies
  }

  find(name: string): StoredStudy | undefined {
    return this.data().studies.find((s) => s.study.name === name)
  }

  get(name: string): StoredStudy {
    const s = this.find(name)
    if (!s)
      throw new StudyError(
        'STUDY_NOT_FOUND',
        `${this.location}: no study named "${name}" (studies: ${
          this.data()
            .studies.map((x) => x.study.name)
            .join(', ') || 'none'
        })`,
      )
    return s
  }

  createStudy(study: StudyRecord): StudyRecord {
    const existing = this.find(study.name)
    if (existing) return existing.study
    this.data().studies.push({ study, trials: [] })
    return study
  }

  /** Adds a whole study with its trials as they are (migrate); refuses a name the store already has. */
  importStudy(study: StudyRecord, trials: readonly TrialRecord[]): void {
    if (this.find(study.name)) {
      throw studyExists(this.location, study.name)
    }
    this.data().studies.push({ study, trials: [...trials] })
  }

  createTrial(name: string, init: TrialInit, worker: string): TrialRecord {
    const s = this.get(name)
    const x = this.indexOf(s)
    if (init.uniqueKey !== undefined && x.holds(init.uniqueKey)) throw new DuplicateTrialError(init.uniqueKey, name)
    const last = s.trials[s.trials.length - 1]
    const now = new Date().toISOString()
    const waiting = init.state === 'waiting'
    const trial: TrialRecord = {
      number: last ? last.number + 1 : 0,
      state: waiting ? 'waiting' : 'running',
      params: init.params,
      value: null,
      metrics: {},
      intermediate: [],
      startedAt: waiting ? null : now,
      finishedAt: null,
      durationMs: null,
      seed: init.seed,
      strategy: init.strategy,
      error: null,
      ...(init.uniqueKey !== undefined ? { uniqueKey: init.uniqueKey } : {}),
      ...(init.retryOf !== undefined ? { retryOf: init.retryOf } : {}),
      ...(waiting ? {} : { worker, heartbeatAt: now }),
    }
    x.put(s.trials.length, trial)
    return trial
  }

  claimWaiting(name: string, worker: string): TrialRecord | undefined {
    const s = this.get(name)
    const x = this.indexOf(s)
    if (x.waiting.size === 0) return undefined
    const i = Math.min(...x.waiting)
    const now = new Date().toISOString()
    const t: TrialRecord = { ...s.trials[i]!, state: 'running', startedAt: now, worker, heartbeatAt: now }
    x.put(i, t)
    return t
  }

  private index(s: StoredStudy, number: number): number {
    // Numbers are dense and ordered, so the index is usually the number itself.
    const guess = s.trials[number]
    if (guess?.number === number) return number
    const i = s.trials.findIndex((t) => t.number === number)
    if (i < 0) throw new UnknownTrialError(number, s.study.name)
    return i
  }

  reportIntermediate(name: string, number: number, step: number, value: number, metrics?: Readonly<Record<string, number>>): void {
    const s = this.get(name)
    const i = this.index(s, number)
    const t = s.trials[i]!
    if (t.state !== 'running') throw new TrialFinishedError(number, t.state)
    const intermediate = [...t.intermediate.filter((x) => x.step !== step), { step, value }]
    this.indexOf(s).put(i, { ...t, intermediate, metrics: metrics ? { ...t.metrics, ...metrics } : t.metrics })
  }

  finishTrial(name: string, number: number, outcome: TrialOutcome): TrialRecord {
    const s = this.get(name)
    const i = this.index(s, number)
    const t = s.trials[i]!
    if (!canTransition(t.state, outcome.state)) throw new TrialFinishedError(number, t.state)
    const finishedAt = new Date()
    const { worker: _w, heartbeatAt: _h, ...rest } = t
    // A trial that never ran to its end gives its unique key (a grid cell) back, so the cell is run again.
    const releases = releasesKey(outcome)
    const { uniqueKey: _k, ...kept } = rest
    const done: TrialRecord = {
      ...(releases ? kept : rest),
      state: outcome.state,
      value: outcomeValue(outcome),
      metrics: outcome.metrics ? { ...t.metrics, ...outcome.metrics } : t.metrics,
      finishedAt: finishedAt.toISOString(),
      durationMs: t.startedAt ? finishedAt.getTime() - Date.parse(t.startedAt) : null,
      error: outcomeError(outcome),
    }
    this.indexOf(s).put(i, done)
    return done
  }

  heartbeat(name: string, numbers: readonly number[]): void {
    const s = this.get(name)
    const now = new Date().toISOString()
    for (const n of numbers) {
      const i = this.index(s, n)
      const t = s.trials[i]!
      if (t.state === 'running') this.indexOf(s).put(i, { ...t, heartbeatAt: now })
    }
  }

  /** Fails running trials that no live runner of this store owns: `lost` says why one is lost, or undefined when it lives. */
  failOrphans(name: string, lost: (t: TrialRecord) => 'interrupted' | 'worker lost' | undefined): number[] {
    const s = this.find(name)
    if (!s) return []
    const failed: number[] = []
    const running = [...this.indexOf(s).running].sort((a, b) => a - b).map((i) => s.trials[i]!)
    for (const t of running) {
      const reason = lost(t)
      if (reason) {
        const message =
          reason === 'interrupted'
            ? `the process running it (${t.worker ?? 'unknown'}) stopped before the trial finished`
            : `no heartbeat since ${t.heartbeatAt ?? 'it started'}: nobody told its result (tunekit tell) in time`
        this.finishTrial(name, t.number, { state: 'fail', error: { reason, message } })
        failed.push(t.number)
      }
    }
    return failed
  }
}
