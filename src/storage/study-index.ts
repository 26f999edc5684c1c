import type { TrialRecord } from '../trial/types.js'
import { ChangeLog } from './change-log.js'

/**
 * What an in-process store looks up on every ask, kept beside a study's trial array so that no ask scans the history:
 * the positions of its waiting and running trials, the positions holding each unique key, and the change log that
 * getTrialsSince reads. Built by one scan the first time a study is touched (a store just read from its file), then
 * kept up to date by `put`, through which StoreOps makes every change.
 */
export class StudyIndex {
  readonly log = new ChangeLog()
  readonly waiting = new Set<number>()
  readonly running = new Set<number>()
  private readonly keys = new Map<string, number>()

  constructor(private readonly trials: TrialRecord[]) {
    for (const [i, t] of trials.entries()) this.add(t, i)
  }

  /** Whether a trial of the study holds `key`. */
  holds(key: string): boolean {
    return this.keys.has(key)
  }

  /** Stores `t` at position i (i = length appends it) and notes the change. */
  put(i: number, t: TrialRecord): void {
    const old = this.trials[i]
    if (old) this.remove(old, i)
    this.trials[i] = t
    this.add(t, i)
    this.log.note(t.number)
  }

  private add(t: TrialRecord, i: number): void {
    if (t.state === 'waiting') this.waiting.add(i)
    else if (t.state === 'running') this.running.add(i)
    if (t.uniqueKey !== undefined) this.keys.set(t.uniqueKey, i)
  }

  private remove(t: TrialRecord, i: number): void {
    this.waiting.delete(i)
    this.running.delete(i)
    if (t.uniqueKey !== undefined && this.keys.get(t.uniqueKey) === i) this.keys.delete(t.uniqueKey)
  }
}
