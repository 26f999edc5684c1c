import type { IntermediateValue, TrialError, TrialRecord } from '../../trial/types.js'
import type { TrialState } from '../../trial/state.js'
import type { Params } from '../../space/types.js'

/** A trial row as the SELECT list below returns it (json columns parsed by pg, timestamps already ISO strings). */
export interface TrialRow {
  readonly number: number
  readonly state: TrialState
  readonly params: Params
  readonly value: number | null
  readonly values: number[] | null
  readonly constraints: number[] | null
  readonly metrics: Record<string, number>
  readonly intermediate: IntermediateValue[]
  readonly started_at: string | null
  readonly finished_at: string | null
  readonly duration_ms: number | null
  readonly seed: number
  readonly strategy: string
  readonly error: TrialError | null
  readonly unique_key: string | null
  readonly retry_of: number | null
  readonly worker: string | null
  readonly heartbeat_at: string | null
}

/** Timestamps are stored to the millisecond, so this is exactly what toISOString() wrote. */
const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** Marks a row as changed by the current transaction (what incremental reads go by, see cache.ts). */
export const CHANGED = 'changed_by = pg_current_xact_id()'

/** "The time now" of the database, to the millisecond: every worker's clock is the server's. */
export const NOW = `date_trunc('milliseconds', now())`

/**
 * The SELECT (or RETURNING) list of a trial; `t` is the table's alias. `lists` false: for a reader of a schema older
 * than version 2, which has no `values` and `constraints` columns (a reader never migrates), read as none.
 */
export function trialColumns(t = 't', lists = true): string {
  return [
    `${t}.number`,
    `${t}.state`,
    `${t}.params`,
    `${t}.value`,
    lists ? `${t}."values"` : 'NULL::json AS "values"',
    lists ? `${t}.constraints` : 'NULL::json AS constraints',
    `${t}.metrics`,
    `${t}.intermediate`,
    `${iso(`${t}.started_at`)} AS started_at`,
    `${iso(`${t}.finished_at`)} AS finished_at`,
    `${t}.duration_ms`,
    `${t}.seed`,
    `${t}.strategy`,
    `${t}.error`,
    `${t}.unique_key`,
    `${t}.retry_of`,
    `${t}.worker`,
    `${iso(`${t}.heartbeat_at`)} AS heartbeat_at`,
  ].join(', ')
}

/** The record of a row: optional fields are absent (not undefined) when unset, as the in-process stores keep them. */
export function toTrial(r: TrialRow): TrialRecord {
  return {
    number: r.number,
    state: r.state,
    params: r.params,
    value: r.value,
    ...(r.values !== null ? { values: r.values } : {}),
    ...(r.constraints !== null ? { constraints: r.constraints } : {}),
    metrics: r.metrics,
    intermediate: r.intermediate,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    seed: r.seed,
    strategy: r.strategy,
    error: r.error,
    ...(r.unique_key !== null ? { uniqueKey: r.unique_key } : {}),
    ...(r.retry_of !== null ? { retryOf: r.retry_of } : {}),
    ...(r.worker !== null ? { worker: r.worker } : {}),
    ...(r.heartbeat_at !== null ? { heartbeatAt: r.heartbeat_at } : {}),
  }
}
