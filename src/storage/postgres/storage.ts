import pLimit from 'p-limit'
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg'
import { DuplicateTrialError, StoreClosedError, StoreError, StudyError, TrialFinishedError, TunekitError, UnknownTrialError } from '../../errors.js'
import { canTransition, releasesKey, TRIAL_STATES } from '../../trial/state.js'
import type { StudyRecord, TrialRecord } from '../../trial/types.js'
import { outcomeValue, type TrialOutcome } from '../../trial/outcome.js'
import type { StaleOptions, Storage, TrialInit } from '../types.js'
import { workerId } from '../worker-id.js'
import type { TrialChanges } from '../change-log.js'
import { CHANGED_SINCE, TrialCache, type ChangedRow } from './cache.js'
import { connectError, createPool, isConnectionFailure, parsePgLocation, type PgLocation } from './connect.js'
import { importStudy } from './import.js'
import { redact } from '../location.js'
import { toTrial, type TrialRow } from './rows.js'
import { checkNotNewer, ensureSchema, schemaVersion } from './schema.js'
import { failLostTrials, HAS_LOST } from './stale.js'
import { CLAIM_WAITING, CREATE_TRIAL, FINISH_TRIAL, HEARTBEAT, REPORT_STEP } from './statements.js'

/**
 * A store in a PostgreSQL database, shared by any number of worker processes on any number of machines.
 *
 * Every change is one statement (for stale trials and imports, one transaction), so it is atomic without a round
 * trip inside a transaction. Only numbering serialises workers: createTrial takes the study's `next_number` with
 * `UPDATE ... RETURNING` in the statement that inserts the trial. Other changes touch only their trial's row and stamp
 * it with their transaction id, which incremental reads go by (see cache.ts). Within this instance, store operations
 * run one after another in call order (a caller that does not await a write still sees it in its next read, and
 * close() waits for it), as the in-process stores behave.
 */
export class PostgresStorage implements Storage {
  readonly shared = true
  private readonly lane = pLimit(1)
  private readonly caches = new Map<string, TrialCache>()
  private readonly ids = new Map<string, number>()
  private readonly me = workerId()
  private closed = false

  private constructor(
    readonly location: string,
    readonly readonly: boolean,
    private readonly pool: Pool,
    private readonly loc: PgLocation,
  ) {}

  /** Connects (failing fast with one line when it cannot), and creates or upgrades the schema when writable. */
  static async open(location: string, options: { readonly?: boolean } = {}): Promise<PostgresStorage> {
    const loc = parsePgLocation(location)
    const readonly = options.readonly ?? false
    const pool = createPool(loc, readonly)
    try {
      const client = await pool.connect()
      try {
        if (readonly) checkNotNewer(await schemaVersion(client), loc.where)
        else await ensureSchema(client, loc.where)
      } finally {
        client.release()
      }
    } catch (e) {
      await pool.end().catch(() => {})
      throw e instanceof TunekitError ? e : connectError(e, loc)
    }
    // location is what messages and reports show: never the password.
    return new PostgresStorage(redact(location), readonly, pool, loc)
  }

  async createStudy(study: StudyRecord): Promise<StudyRecord> {
    this.writable()
    return this.ordered(async () => {
      const made = await this.q('INSERT INTO tunekit_studies (name, record) VALUES ($1, $2::json) ON CONFLICT (name) DO NOTHING RETURNING id', [
        study.name,
        JSON.stringify(study),
      ])
      if (made.rows.length > 0) return study
      return (await this.getStudy(study.name)) ?? study
    })
  }
  async getStudy(name: string): Promise<StudyRecord | undefined> {
    const r = await this.read<{ record: StudyRecord }>('SELECT record FROM tunekit_studies WHERE name = $1', [name])
    return r[0]?.record
  }
  async listStudies(): Promise<StudyRecord[]> {
    return (await this.read<{ record: StudyRecord }>('SELECT record FROM tunekit_studies ORDER BY id')).map((r) => r.record)
  }

  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    this.writable()
    return this.ordered(async () => {
      const id = await this.studyId(study)
      try {
        const r = await this.q<TrialRow>(CREATE_TRIAL, [
          id,
          init.state ?? 'running',
          JSON.stringify(init.params),
          init.seed,
          init.strategy,
          init.uniqueKey ?? null,
          init.retryOf ?? null,
          this.me,
        ])
        return toTrial(r.rows[0]!)
      } catch (e) {
        // The unique index on (study_id, unique_key) is what keeps two workers off one grid cell.
        if ((e as { constraint?: string }).constraint === 'tunekit_trials_unique_key' && init.uniqueKey !== undefined)
          throw new DuplicateTrialError(init.uniqueKey, study)
        throw e
      }
    })
  }

  async claimWaiting(study: string): Promise<TrialRecord | undefined> {
    this.writable()
    return this.ordered(async () => {
      const id = await this.studyId(study)
      const r = await this.q<TrialRow>(CLAIM_WAITING, [id, this.me])
      const row = r.rows[0]
      return row ? toTrial(row) : undefined
    })
  }

  async reportIntermediate(study: string, number: number, step: number, value: number, metrics?: Readonly<Record<string, number>>): Promise<void> {
    this.writable()
    return this.ordered(async () => {
      const id = await this.studyId(study)
      const r = await this.q(REPORT_STEP, [
        id,
        this.trialNumber(number, study),
        step,
        JSON.stringify({ step, value }),
        metrics ? JSON.stringify(metrics) : null,
      ])
      if (r.rows.length === 0) await this.refuse(id, study, number)
    })
  }

  async finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord> {
    this.writable()
    return this.ordered(async () => {
      const id = await this.studyId(study)
      // The states this outcome may follow, from the one state machine.
      const from = TRIAL_STATES.filter((s) => canTransition(s, outcome.state))
      // A trial that never ran to its end gives its unique key (a grid cell) back, so the cell is run again.
      const releases = releasesKey(outcome)
      const r = await this.q<TrialRow>(FINISH_TRIAL, [
        id,
        this.trialNumber(number, study),
        from,
        outcome.state,
        outcomeValue(outcome),
        outcome.metrics ? JSON.stringify(outcome.metrics) : null,
        outcome.state === 'fail' ? JSON.stringify(outcome.error) : null,
        releases,
      ])
      const row = r.rows[0]
      if (!row) return this.refuse(id, study, number)
      return toTrial(row)
    })
  }

  async getTrials(study: string): Promise<readonly TrialRecord[]> {
    return (await this.readCache(study)).snapshot()
  }

  async getTrialsSince(study: string, cursor: string | undefined): Promise<TrialChanges> {
    return (await this.readCache(study)).changesSince(cursor)
  }

  /** Brings this instance's copy of a study's trials up to date: one read of the rows changed since the last one. */
  private readCache(study: string): Promise<TrialCache> {
    return this.ordered(async () => {
      const id = await this.studyId(study)
      let cache = this.caches.get(study)
      if (!cache) {
        cache = new TrialCache()
        this.caches.set(study, cache)
      }
      const r = await this.q<ChangedRow>(CHANGED_SINCE, [id, cache.since])
      cache.apply(r.rows)
      return cache
    })
  }

  async heartbeat(study: string, numbers: readonly number[]): Promise<void> {
    this.writable()
    if (numbers.length === 0) return
    return this.ordered(async () => {
      const id = await this.studyId(study)
      const wanted = numbers.map((n) => this.trialNumber(n, study))
      const r = await this.q(HEARTBEAT, [id, wanted])
      if (r.rows.length === wanted.length) return
      const known = await this.q<{ number: number }>('SELECT number FROM tunekit_trials WHERE study_id = $1 AND number = ANY($2::integer[])', [id, wanted])
      const missing = wanted.find((n) => !known.rows.some((k) => k.number === n))
      if (missing !== undefined) throw new UnknownTrialError(missing, study)
    })
  }

  /** Fails running trials whose heartbeat (by the server's clock, so skewed machines agree) is older than the grace period. */
  async failStaleTrials(study: string, options: StaleOptions = {}): Promise<number[]> {
    if (this.closed) throw new StoreClosedError(this.location)
    if (this.readonly) return []
    const graceSeconds = options.graceSeconds ?? 60
    const retryFailed = options.retryFailed ?? 0
    return this.ordered(async () => {
      // As the in-process stores: a study that does not exist has nothing stale.
      const id = await this.studyId(study).catch((e: unknown) => {
        if ((e as TunekitError).code === 'STUDY_NOT_FOUND') return undefined
        throw e
      })
      if (id === undefined) return []
      if ((await this.q(HAS_LOST, [id, graceSeconds])).rows.length === 0) return []
      return this.transaction((client) => failLostTrials(client, id, graceSeconds, retryFailed))
    })
  }

  /** Writes a whole study as it is, every field of every trial (tunekit migrate); refuses a name the store has. */
  async importStudy(study: StudyRecord, trials: readonly TrialRecord[]): Promise<void> {
    this.writable()
    return this.ordered(() => this.transaction((client) => importStudy(client, study, trials, this.loc.where)))
  }

  /**
   * A session advisory lock on the study's name, held on a connection of its own while `fn` runs (its statements go
   * through the pool's other connections): processes that each check the budget and then create a trial take turns.
   */
  async exclusive<T>(study: string, fn: () => Promise<T>): Promise<T> {
    this.writable()
    const client = await this.pool.connect()
    const key = `tunekit/exclusive/${study}`
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key])
      try {
        return await fn()
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key])
      }
    } finally {
      client.release()
    }
  }

  async flush(): Promise<void> {
    if (this.closed) throw new StoreClosedError(this.location)
    await this.lane(async () => {})
  }

  async close(): Promise<void> {
    if (this.closed) return
    await this.lane(async () => {})
    this.closed = true
    await this.pool.end()
  }

  /** Runs store operations of this instance one at a time, in call order. */
  private ordered<T>(fn: () => Promise<T>): Promise<T> {
    return this.lane(() => {
      if (this.closed) throw new StoreClosedError(this.location)
      return fn()
    })
  }

  private writable(): void {
    if (this.readonly) throw new StoreError('STORE_READONLY', `${redact(this.location)}: opened read-only (as reports open stores); it cannot be changed`)
  }

  /** A study's id (cached: ids never change); STUDY_NOT_FOUND, naming the studies there, when it has none. */
  private async studyId(name: string): Promise<number> {
    const known = this.ids.get(name)
    if (known !== undefined) return known
    const r = await this.read<{ id: number }>('SELECT id FROM tunekit_studies WHERE name = $1', [name])
    const id = r[0]?.id
    if (id === undefined) {
      const names = (await this.listStudies()).map((s) => s.name)
      throw new StudyError('STUDY_NOT_FOUND', `${redact(this.location)}: no study named "${name}" (studies: ${names.join(', ') || 'none'})`)
    }
    this.ids.set(name, id)
    return id
  }

  /** Integral trial numbers only (anything else is no trial of ours, and would not even parse as an integer column). */
  private trialNumber(number: number, study: string): number {
    if (!Number.isSafeInteger(number) || Math.abs(number) > 2 ** 31 - 1) throw new UnknownTrialError(number, study)
    return number
  }

  /** Why a change to a trial matched no row: it does not exist, or its state does not allow it. */
  private async refuse(id: number, study: string, number: number): Promise<never> {
    const r = await this.q<{ state: string }>('SELECT state FROM tunekit_trials WHERE study_id = $1 AND number = $2', [id, number])
    const state = r.rows[0]?.state
    if (state === undefined) throw new UnknownTrialError(number, study)
    throw new TrialFinishedError(number, state)
  }

  /** Rows of a read; a database tunekit never wrote to reads as empty (a reader does not create the schema). */
  private async read<R extends QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
    if (this.closed) throw new StoreClosedError(this.location)
    try {
      return (await this.q<R>(sql, values)).rows
    } catch (e) {
      if ((e as { code?: string }).code === '42P01') return []
      throw e
    }
  }

  /** Every statement is prepared once per connection (a named query): planning, not the network, dominates on a LAN. */
  private q<R extends QueryResultRow>(sql: string, values: unknown[] = []): Promise<QueryResult<R>> {
    return this.guard(() => this.pool.query<R>({ name: statementName(sql), text: sql, values }))
  }

  private async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.guard(async () => {
      const client = await this.pool.connect()
      let broken = false
      try {
        return await fn(client)
      } catch (e) {
        broken = isConnectionFailure(e)
        throw e
      } finally {
        // A connection that failed mid-transaction is discarded, not handed to the next caller.
        client.release(broken)
      }
    })
  }

  /** A lost connection becomes one line naming the server; errors of a statement pass as they are. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      throw !(e instanceof TunekitError) && isConnectionFailure(e) ? connectError(e, this.loc) : e
    }
  }
}

const statementNames = new Map<string, string>()

/** A stable name per distinct SQL text (all of ours are constants), for pg's per-connection prepared statements. */
function statementName(sql: string): string {
  let name = statementNames.get(sql)
  if (name === undefined) {
    name = `tunekit_${statementNames.size}`
    statementNames.set(sql, name)
  }
  return name
}
