import type { StudyRecord, TrialOutcome, TrialRecord } from '../study/types.js'

/** What a new trial starts with. */
export interface TrialInit {
  readonly params: TrialRecord['params']
  readonly seed: number
  readonly strategy: string
}

/**
 * Where studies and their trials live; the source of truth for every strategy, pruner and report.
 * Implementations: memory, lowdb (one JSON file), PostgreSQL. Every method may be called concurrently
 * from one process; implementations serialise what must be atomic.
 */
export interface Storage {
  /** Where the store is, as the user named it (a path, a URL or ":memory:"). */
  readonly location: string
  /** Whether this instance may write (report/compare open stores read-only, never taking the writer's lock). */
  readonly readonly: boolean

  /** Called when a study starts: creates it, or returns the stored one unchanged when it exists. */
  createStudy(study: StudyRecord): Promise<StudyRecord>
  getStudy(name: string): Promise<StudyRecord | undefined>
  listStudies(): Promise<StudyRecord[]>

  /** Called by ask: creates a running trial with the next free number (numbers are never reused). */
  createTrial(study: string, init: TrialInit): Promise<TrialRecord>
  /** Called when a running trial reports a step; refused for a finished trial. */
  reportIntermediate(study: string, number: number, step: number, value: number, metrics?: Readonly<Record<string, number>>): Promise<void>
  /**
   * Called by tell: ends a running trial; refused (TrialFinishedError) for a finished one.
   * A store may make the change durable later (coalesced writes): flush() waits for it.
   */
  finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord>
  /** Every trial of the study, ordered by number. */
  getTrials(study: string): Promise<readonly TrialRecord[]>
  /** Called periodically while a trial runs, so that other processes can tell it is alive. */
  heartbeat?(study: string, numbers: readonly number[]): Promise<void>
  /**
   * Called before each ask: fails trials that are running but whose runner is gone
   * (reason "interrupted" for a previous process of this store, "worker lost" for a silent worker). Returns their numbers.
   */
  failStaleTrials(study: string): Promise<number[]>
  /** Resolves once every change made so far is durable. */
  flush(): Promise<void>
  /** Flushes and releases the store (and its lock). */
  close(): Promise<void>
}
