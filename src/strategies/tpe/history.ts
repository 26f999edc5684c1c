import type { Direction, TrialRecord } from '../../trial/types.js'
import { goodCount, type TpeOptions } from './options.js'

/**
 * Below this many trials an ask models the whole history (every suite budget is far below it, so the figures of
 * bench/results are those of the full model); above it, the subset that `modelledHistory` picks.
 */
export const FULL_HISTORY_UP_TO = 2000

type SubsetOptions = Pick<TpeOptions, 'gamma' | 'maxGood' | 'maxBad' | 'constantLiar'>

/**
 * The trials an ask on a long study models: every pending trial (constant liar), the `maxGood` best finished trials
 * of each activity pattern (the set of active parameters under a condition, so each subspace of a conditional space
 * keeps its own good set), and an even stride through the other finished trials, in trial order, enough of them that
 * the good set keeps its size (γ·n ≥ maxGood) and g(x) its `maxBad` points. l(x) is then fitted on the same best
 * trials as with the whole history, and g(x) on an even stride of the rest, as `boundBad` takes anyway.
 * Returns `trials` itself when it is short, or when the options make the good set grow with the history.
 * A pure function of the trials; `HistorySubset` gives the same answer incrementally.
 */
export function modelledHistory(
  trials: readonly TrialRecord[],
  direction: Direction,
  o: SubsetOptions,
  conditional: readonly string[] = [],
): readonly TrialRecord[] {
  return new HistorySubset(direction, o, conditional).select(trials)
}

/** Whether a history this long is modelled through a subset. */
function subsetApplies(n: number, o: SubsetOptions): boolean {
  return n > FULL_HISTORY_UP_TO && goodCount(n, o) >= o.maxGood && restQuota(o) + o.maxGood < n
}

function restQuota(o: SubsetOptions): number {
  return Math.max(o.maxBad, Math.ceil(o.maxGood / o.gamma))
}

const NONE = 0
const PENDING = 1
const FINISHED = 2

/**
 * `modelledHistory` kept up to date across asks: finished records never change, so each one is offered to its
 * pattern's best list once, when it first appears, and an ask costs one identity check per record plus work on the
 * few hundred it keeps. A record that changes position or a finished one that changes starts it over.
 */
export class HistorySubset {
  private seen: (TrialRecord | undefined)[] = []
  private kind: number[] = []
  private tops = new Map<number, Top>()
  /** Finished positions in no best list, ascending. */
  private rest: number[] = []
  private pending = new Set<number>()

  constructor(
    private readonly direction: Direction,
    private readonly o: SubsetOptions,
    private readonly conditional: readonly string[],
  ) {}

  select(trials: readonly TrialRecord[]): readonly TrialRecord[] {
    if (!subsetApplies(trials.length, this.o)) return trials
    if (trials.length < this.seen.length) this.reset()
    for (let i = 0; i < trials.length; i++) {
      const t = trials[i]!
      const old = this.seen[i]
      if (old === t) continue
      if (old !== undefined && (this.kind[i] === FINISHED || old.number !== t.number)) {
        this.reset()
        return this.select(trials)
      }
      this.pending.delete(i)
      this.add(i, t)
    }
    const picked: number[] = [...this.pending]
    for (const top of this.tops.values()) picked.push(...top.members())
    const m = this.rest.length
    const n = Math.min(restQuota(this.o), m)
    for (let k = 0; k < n; k++) picked.push(this.rest[Math.floor(((k + 0.5) * m) / n)]!)
    picked.sort((a, b) => a - b)
    return picked.map((i) => trials[i]!)
  }

  private add(i: number, t: TrialRecord): void {
    this.seen[i] = t
    this.kind[i] = NONE
    let tier = 0
    switch (t.state) {
      case 'running':
      case 'waiting':
        if (this.o.constantLiar) {
          this.kind[i] = PENDING
          this.pending.add(i)
        }
        return
      case 'fail':
        return
      case 'complete':
        if (t.value === null || !Number.isFinite(t.value)) return
        break
      case 'pruned':
        tier = 1
        break
    }
    this.kind[i] = FINISHED
    let key = 0
    for (let b = 0; b < this.conditional.length; b++) if (t.params[this.conditional[b]!] !== undefined) key += 2 ** b
    let top = this.tops.get(key)
    if (!top) {
      top = new Top(this.o.maxGood)
      this.tops.set(key, top)
    }
    const out = top.offer(i, tier, (this.direction === 'maximize' ? -1 : 1) * finishedScore(t))
    if (out >= 0) insertSorted(this.rest, out)
  }

  private reset(): void {
    this.seen = []
    this.kind = []
    this.tops = new Map()
    this.rest = []
    this.pending = new Set()
  }
}

function insertSorted(list: number[], v: number): void {
  if (list.length === 0 || list[list.length - 1]! < v) {
    list.push(v)
    return
  }
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid]! < v) lo = mid + 1
    else hi = mid
  }
  list.splice(lo, 0, v)
}

/** A pruned trial's last intermediate value (else its value); +Infinity when it has none. */
function finishedScore(t: TrialRecord): number {
  if (t.state === 'complete') return t.value!
  const last = t.intermediate.length > 0 ? t.intermediate[t.intermediate.length - 1]!.value : t.value
  return last === null || !Number.isFinite(last) ? Number.POSITIVE_INFINITY : last
}

/** The k best by (tier, score, trial position): a sorted insertion list (k small; most offers fail the first test). */
class Top {
  private readonly idx: number[] = []
  private readonly tier: number[] = []
  private readonly score: number[] = []
  constructor(private readonly k: number) {}

  /** Offers position i; returns the position that left the list (i itself when it did not get in), or -1. */
  offer(i: number, tier: number, score: number): number {
    let at = this.idx.length
    if (at === this.k) {
      if (!this.beats(i, tier, score, at - 1)) return i
      at--
      const out = this.idx.pop()!
      this.tier.pop()
      this.score.pop()
      while (at > 0 && this.beats(i, tier, score, at - 1)) at--
      this.insert(at, i, tier, score)
      return out
    }
    while (at > 0 && this.beats(i, tier, score, at - 1)) at--
    this.insert(at, i, tier, score)
    return -1
  }

  members(): readonly number[] {
    return this.idx
  }

  private beats(i: number, tier: number, score: number, j: number): boolean {
    const t = this.tier[j]!
    if (t !== tier) return tier < t
    const s = this.score[j]!
    return s !== score ? score < s : i < this.idx[j]!
  }

  private insert(at: number, i: number, tier: number, score: number): void {
    this.idx.splice(at, 0, i)
    this.tier.splice(at, 0, tier)
    this.score.splice(at, 0, score)
  }
}
