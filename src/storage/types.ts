import type { StudyRecord, TrialRecord } from '../trial/types.js'
import type { TrialOutcome } from '../trial/outcome.js'
import type { TrialChanges } from './change-log.js'

/** What a new trial starts with. */
export interface TrialInit {
  readonly params: TrialRecord['params']
  readonly seed: number
  readonly strategy: string
  /** 'running' (default) for a trial about to run; 'waiting' for one queued to be claimed later (a retry, an enqueue). */
  readonly state?: 'running' | 'waiting'
  /**
   * When set, the store refuses (DuplicateTrialError) a trial whose key another trial of the study holds:
   * how a grid cell is never run twice, even by two machines. A trial that fails as interrupted or lost releases its key.
   */
  readonly uniqueKey?: string
  /** The trial this one retries (a lost trial re-enqueued). */
  readonly retryOf?: number
  /**
   * A trial handed to another process that tells it later (`tunekit ask`): the process that made it exits at once, so a
   * single-writer store judges it by its heartbeat (lost after graceSeconds) rather than by whether its maker lives.
   */
  readonly detached?: boolean
}

/** How stale trials are found and what becomes of them. */
export interface StaleOptions {
  /** How often the study's running trials send a heartbeat, on stores that have them (default graceSeconds / 4). */
  readonly intervalSeconds?: number
  /** A running trial whose heartbeat is older than this is lost (stores with heartbeats; default 60). */
  readonly graceSeconds?: number
  /** Re-enqueue a lost trial's params as a new waiting trial, at most this many times per original trial (default 0). */
  readonly retryFailed?: number
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
  /** Whether other processes may add trials to the same study at the same time (a database shared by workers). */
  readonly shared?: boolean

  /** Called when a study starts: creates it, or returns the stored one unchanged when it exists. */
  createStudy(study: StudyRecord): Promise<StudyRecord>
  getStudy(name: string): Promise<StudyRecord | undefined>
  listStudies(): Promise<StudyRecord[]>

  /** Called by ask: creates a running (or waiting) trial with the next free number (numbers are never reused). */
  createTrial(study: string, init: TrialInit): Promise<TrialRecord>
  /** Called by ask before the strategy: takes the oldest waiting trial, making it running for this process (atomic). */
  claimWaiting(study: string, options?: { readonly detached?: boolean }): Promise<TrialRecord | undefined>
  /** Called when a running trial reports a step; refused for a finished trial. */
  reportIntermediate(study: string, number: number, step: number, value: number, metrics?: Readonly<Record<string, number>>): Promise<void>
  /**
   * Called by tell: ends a running trial; refused (TrialFinishedError) for a finished one.
   * A store may make the change durable later (coalesced writes): flush() waits for it.
   */
  finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord>
  /** Every trial of the study, ordered by number. */
  getTrials(study: string): Promise<readonly TrialRecord[]>
  /**
   * Called by the study on every ask and tell, instead of getTrials, when the store has it: the trials changed since
   * `cursor` (one a previous call returned), or all of them with `reset` when there is no cursor or the store cannot
   * tell (another instance's cursor, a store reopened). Lets an ask cost the changes, not the history. Optional.
   */
  getTrialsSince?(study: string, cursor: string | undefined): Promise<TrialChanges>
  /** Called periodically while a trial runs, so that other processes can tell it is alive. */
  heartbeat?(study: string, numbers: readonly number[]): Promise<void>
  /**
   * Called before each ask: fails trials that are running but whose runner is gone
   * (reason "interrupted" for a previous process of this store, "worker lost" for a silent worker). Returns their numbers.
   */
  failStaleTrials(study: string, options?: StaleOptions): Promise<number[]>
  /**
   * Called by migrate: writes a whole study with its trials exactly as given (numbers, states, timestamps, workers),
   * atomically; refuses (INVALID_ARGUMENT) a name the store already has. Optional: a store without it is filled
   * through its other methods, which keep all but timestamps, durations and workers.
   */
  importStudy?(study: StudyRecord, trials: readonly TrialRecord[]): Promise<void>
  /**
   * Called by short-lived processes (`tunekit ask`) around a read-then-create that must not interleave with another
   * process's (the budget check and the new trial): runs `fn` while no other process runs an exclusive section on the
   * study. Optional: a single-writer store (lowdb) needs none, its lock already makes the writer the only one.
   */
  exclusive?<T>(study: string, fn: () => Promise<T>): Promise<T>
  /** Resolves once every change made so far is durable. */
  flush(): Promise<void>
  /** Flushes and releases the store (and its lock). Idempotent; any other call afterwards throws StoreClosedError. */
  close(): Promise<void>
}
