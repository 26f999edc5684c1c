import { randomBytes } from 'node:crypto'
import type { StudyRecord, TrialRecord } from '../trial/types.js'

/** What a reader of the API gets for `?after=CURSOR`: the trials new or changed since, or all of them with `reset`. */
export interface TrialsSince {
  readonly trials: readonly TrialRecord[]
  readonly reset: boolean
  readonly cursor: string
}

/**
 * The dashboard's copy of one study: its trials by number, and for each the revision at which it last changed, so
 * that a browser's cursor (this copy's epoch and a revision) is answered with only what changed since. A cursor of
 * another epoch (the server restarted, the store was replaced) is answered with every trial and `reset`.
 */
export class StudyState {
  private epoch = newEpoch()
  private readonly byNumber = new Map<number, { trial: TrialRecord; rev: number; key: string }>()
  private revision = 0
  /** Trials in number order, rebuilt lazily after a change. */
  private sorted: TrialRecord[] | undefined = []
  /** When the study last changed (ms since 1970), for the study list. */
  updatedAt = 0
  /** Why the store cannot be read now (it disappeared, it turned corrupt), or null. */
  error: string | null = null

  constructor(
    /** The study's key in the URL (its name, or name@n when two stores hold studies of one name). */
    readonly key: string,
    /** The store, redacted for display. */
    readonly location: string,
    public study: StudyRecord,
  ) {}

  get cursor(): string {
    return `${this.epoch}.${this.revision}`
  }

  get trials(): readonly TrialRecord[] {
    if (!this.sorted) this.sorted = [...this.byNumber.values()].map((e) => e.trial).sort((a, b) => a.number - b.number)
    return this.sorted
  }

  trial(number: number): TrialRecord | undefined {
    return this.byNumber.get(number)?.trial
  }

  /**
   * Takes trials read from the store: those that differ from the copy get a new revision. With `complete`, the
   * trials are the whole study, and any the copy has that they lack are dropped (a store replaced by another).
   * Returns how many changed.
   */
  apply(trials: readonly TrialRecord[], complete: boolean): number {
    let changed = 0
    const rev = this.revision + 1
    for (const t of trials) {
      const key = fingerprint(t)
      const had = this.byNumber.get(t.number)
      if (had?.key === key) continue
      this.byNumber.set(t.number, { trial: t, rev, key })
      changed++
    }
    if (complete && this.byNumber.size > trials.length) {
      const seen = new Set(trials.map((t) => t.number))
      for (const n of [...this.byNumber.keys()]) if (!seen.has(n)) this.byNumber.delete(n)
      // Removed trials cannot be sent as changes: every reader starts over.
      return this.restart()
    }
    if (changed > 0) {
      this.revision = rev
      this.sorted = undefined
      this.updatedAt = Date.now()
    }
    return changed
  }

  /** The trials changed since a cursor this copy returned; every trial (reset) for none or another epoch's. */
  since(cursor: string | undefined): TrialsSince {
    const [epoch, at] = (cursor ?? '').split('.')
    const from = Number(at)
    if (epoch !== this.epoch || !Number.isInteger(from) || from < 0 || from > this.revision) {
      return { trials: this.trials, reset: true, cursor: this.cursor }
    }
    const trials: TrialRecord[] = []
    for (const e of this.byNumber.values()) if (e.rev > from) trials.push(e.trial)
    trials.sort((a, b) => a.number - b.number)
    return { trials, reset: false, cursor: this.cursor }
  }

  private restart(): number {
    this.epoch = newEpoch()
    this.revision++
    for (const e of this.byNumber.values()) e.rev = this.revision
    this.sorted = undefined
    this.updatedAt = Date.now()
    return this.byNumber.size
  }
}

/** What tells two reads of a trial apart: a trial changes through its state, reports, heartbeat and end. */
function fingerprint(t: TrialRecord): string {
  const last = t.intermediate[t.intermediate.length - 1]
  return `${t.state}|${t.intermediate.length}|${last?.value ?? ''}|${t.value ?? ''}|${t.finishedAt ?? ''}|${t.heartbeatAt ?? ''}|${t.startedAt ?? ''}|${
    Object.keys(t.metrics).length
  }|${t.error ? JSON.stringify(t.error).length : 0}`
}

function newEpoch(): string {
  return randomBytes(6).toString('base64url')
}
