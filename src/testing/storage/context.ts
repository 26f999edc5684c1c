import type { TunekitError } from '../../errors.js'
import type { Storage } from '../../storage/types.js'
import type { StudyRecord } from '../../trial/types.js'

export interface ConformanceOptions {
  /** Opens a persistent store again by its location, after it was closed (default: openStorage). */
  readonly reopen?: (location: string) => Promise<Storage>
  /** Opens a persistent store read-only beside its open writer (default: openStorage with readonly). */
  readonly openReader?: (location: string) => Promise<Storage>
  /**
   * The store fails a running trial as "worker lost" once its heartbeat is older than `graceSeconds`, whoever runs it
   * (stores shared by many processes; the in-process stores fail only what a dead process of theirs left).
   */
  readonly heartbeatStale?: boolean
}

/** What each part of the suite is handed: ways to open stores (closed after each test) and to make records. */
export interface SuiteContext {
  /** A new store from the implementation's `open`. */
  fresh(): Promise<Storage>
  /** The same location opened again (after the first was closed, or beside it). */
  again(location: string): Promise<Storage>
  /** A reader of the location beside its open writer. */
  openReader(location: string): Promise<Storage>
  /** A study record with a name no other test uses (so a shared database is fine). */
  studyRecord(overrides?: Partial<StudyRecord>): StudyRecord
  /** The init of the i-th trial of a study. */
  init(i: number): { params: { x: number; c: string }; seed: number; strategy: string }
  /** The TunekitError a promise rejects with (anything else fails the test). */
  rejection(p: Promise<unknown>): Promise<TunekitError>
  readonly options: ConformanceOptions
}
