import type { TrialRecord } from '../../trial/types.js'
import { ChangeLog, type TrialChanges } from '../change-log.js'
import { toTrial, trialColumns, type TrialRow } from './rows.js'

/**
 * Reads the rows of a study changed since the previous read, with the horizon of the reading snapshot: the oldest
 * transaction still running when it was taken (pg_snapshot_xmin). One row even when nothing changed (t.* null).
 * ORDER BY changed_by makes the (study_id, changed_by) index the plan whatever the statistics say (a young study's
 * stale statistics otherwise lead the planner to walk the primary key over the whole study, filtering).
 */
export function changedSince(lists = true): string {
  return `SELECT h.horizon, ${trialColumns('t', lists)}
  FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon) AS h
  LEFT JOIN tunekit_trials t ON t.study_id = $1 AND t.changed_by >= $2::xid8
  ORDER BY t.changed_by`
}

/** The read of the current schema. */
export const CHANGED_SINCE = changedSince()
/** The read of a schema before version 2, for a reader (which never migrates). */
export const CHANGED_SINCE_V1 = changedSince(false)

/** A row of CHANGED_SINCE: a trial, or only the horizon (number null) when nothing changed. */
export type ChangedRow = Omit<TrialRow, 'number'> & { readonly horizon: string; readonly number: number | null }

/**
 * The trials of one study as this storage instance last read them, and where the next read starts. Each getTrials
 * reads only the rows whose `changed_by` (the transaction id of their last change) is at or above the horizon of the
 * previous read, so an ask costs the trials changed since the previous ask, not the whole history.
 *
 * Why no change is ever missed, although transactions commit in any order: a change the previous read could not
 * see was made by a transaction that was running when its snapshot was taken (so its id is >= that snapshot's
 * xmin, the horizon) or that got its id later (higher still). So reading `changed_by >= horizon` catches it once it
 * has committed. A row read again is simply replaced. (A counter or a sequence would not do: a transaction that
 * took a lower value may commit after a reader already saw a higher one.) The cost: rows changed by transactions
 * newer than the oldest one running are read again, a handful normally; a long-running writing transaction on the
 * server holds the horizon back, and reads grow until it ends (still correct).
 */
export class TrialCache {
  private records: TrialRecord[] = []
  private readonly index = new Map<number, number>()
  private horizon = 0n
  private readonly log = new ChangeLog()

  /** Where the next read starts (an xid8, as text). */
  get since(): string {
    return this.horizon.toString()
  }

  /** Applies the rows of a CHANGED_SINCE read. */
  apply(rows: readonly ChangedRow[]): void {
    let reorder = false
    const changed = rows.filter((r) => r.number !== null) as unknown as TrialRow[]
    for (const row of changed.sort((a, b) => a.number - b.number)) {
      const t = toTrial(row)
      this.log.note(t.number)
      const i = this.index.get(t.number)
      if (i !== undefined) {
        this.records[i] = t
        continue
      }
      const last = this.records[this.records.length - 1]
      if (last !== undefined && last.number > t.number) reorder = true
      this.index.set(t.number, this.records.length)
      this.records.push(t)
    }
    if (reorder) {
      this.records.sort((a, b) => a.number - b.number)
      this.index.clear()
      for (const [i, t] of this.records.entries()) this.index.set(t.number, i)
    }
    const h = rows[0]?.horizon
    if (h !== undefined && BigInt(h) > this.horizon) this.horizon = BigInt(h)
  }

  /** The trials changed since `cursor` (a row read again counts as changed), or all of them with `reset`. */
  changesSince(cursor: string | undefined): TrialChanges {
    const numbers = this.log.since(cursor)
    if (!numbers) return { trials: this.snapshot(), reset: true, cursor: this.log.cursor }
    return { trials: numbers.map((n) => this.records[this.index.get(n)!]!), reset: false, cursor: this.log.cursor }
  }

  /** A fresh array ordered by number: later reads never change one already handed out (records are replaced, not mutated). */
  snapshot(): TrialRecord[] {
    return this.records.slice()
  }
}
