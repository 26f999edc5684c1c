import type { TrialRecord } from '../trial/types.js'

/**
 * What a study's trials became since a reader's previous read (Storage.getTrialsSince): the trials that changed, or
 * every trial when `reset` (the store could not tell what changed since that cursor), and the cursor for the next read.
 */
export interface TrialChanges {
  readonly trials: readonly TrialRecord[]
  readonly reset: boolean
  readonly cursor: string
}

let epochs = 0

/**
 * The numbers of a study's trials in the order they changed, so that a reader catches up on what changed since its
 * cursor instead of copying the whole history on every ask. A cursor names its log (an epoch per log instance), so one
 * from another log, or from before the store was reopened, is recognised and answered with a reset.
 */
export class ChangeLog {
  private readonly epoch = ++epochs
  private readonly numbers: number[] = []

  note(number: number): void {
    this.numbers.push(number)
  }

  get cursor(): string {
    return `${this.epoch}:${this.numbers.length}`
  }

  /** The numbers changed since `cursor`, each once, in ascending order; undefined when the cursor is not one of this log's. */
  since(cursor: string | undefined): number[] | undefined {
    if (cursor === undefined) return undefined
    const [epoch, at] = cursor.split(':').map(Number)
    if (epoch !== this.epoch || at === undefined || !Number.isInteger(at) || at < 0 || at > this.numbers.length) return undefined
    return [...new Set(this.numbers.slice(at))].sort((a, b) => a - b)
  }
}

/**
 * Applies changes to a reader's own copy of a study's trials (ordered by number), in place: a changed trial replaces
 * the one with its number, a new one is inserted in order. Numbers are dense, so a trial is almost always at its number.
 */
export function applyChanges(into: TrialRecord[], changes: TrialChanges): void {
  if (changes.reset) {
    into.length = 0
    into.push(...changes.trials)
    return
  }
  for (const t of changes.trials) {
    if (into[t.number]?.number === t.number) {
      into[t.number] = t
      continue
    }
    const last = into[into.length - 1]
    if (last === undefined || last.number < t.number) {
      into.push(t)
      continue
    }
    let lo = 0
    let hi = into.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (into[mid]!.number < t.number) lo = mid + 1
      else hi = mid
    }
    if (into[lo]?.number === t.number) into[lo] = t
    else into.splice(lo, 0, t)
  }
}
