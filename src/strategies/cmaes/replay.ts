import type { Params, SearchSpace } from '../../space/types.js'
import type { Direction, TrialRecord } from '../../trial/types.js'
import { createRng } from '../../util/rng.js'
import { type Axes, axesOf, encodeForeign, startPoint } from './axes.js'
import type { CmaesOptions } from './options.js'
import { type Candidate, drawCandidate, paramsKey } from './sample.js'
import { type CmaState, defaultLambda, newRun } from './state.js'
import { type Evaluated, updateGeneration } from './update.js'

/** A finished trial with a value, as the replay consumes it (in trial-number order). */
export interface Finished {
  readonly number: number
  /** The value to minimise. */
  readonly f: number
  readonly params: Params
  /** Which strategy proposed it (only cmaes's own trials are traced to a slot). */
  readonly strategy: string
}

/** The state at a generation boundary: after the first `consumed` finished trials. */
interface Snapshot {
  readonly consumed: number
  readonly state: CmaState
}

/** What an ask needs: the state of the current generation and the finished trials already drawn from it. */
export interface Rebuilt {
  readonly state: CmaState
  readonly axes: Axes
  /** Finished trials of the current (incomplete) generation, with the slots they were traced to. */
  readonly open: readonly { readonly entry: Finished; readonly slot: number | undefined }[]
  /** Number of the last trial consumed by a completed generation (−1 if none). */
  readonly lastClosedNumber: number
}

/** The same trial as before, finished the same way: by identity, or (for a store that hands out copies) by content. */
function same(t: TrialRecord, before: TrialRecord, was: { readonly state: string; readonly value: number | null }): boolean {
  if (t.state !== was.state || t.value !== was.value) return false
  return (
    t === before ||
    (t.number === before.number && (t.state === 'complete' || t.state === 'pruned' || t.params === before.params || sameParams(t.params, before.params)))
  )
}

function sameParams(a: Params, b: Params): boolean {
  const ka = Object.keys(a)
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k])
}

function usable(t: TrialRecord): boolean {
  return (t.state === 'complete' || t.state === 'pruned') && t.value !== null && Number.isFinite(t.value)
}

function entryOf(t: TrialRecord, direction: Direction): Finished {
  return { number: t.number, f: direction === 'maximize' ? -t.value! : t.value!, params: t.params, strategy: t.strategy }
}

/** Finished trials in number order: complete, or pruned with a value; failures and unfinished trials carry no value. */
export function finishedTrials(trials: readonly TrialRecord[], direction: Direction): Finished[] {
  const out = trials.filter(usable).map((t) => entryOf(t, direction))
  return out.every((e, i) => i === 0 || out[i - 1]!.number < e.number) ? out : out.sort((a, b) => a.number - b.number)
}

/**
 * The finished trials of a history, kept between asks: each record is compared with the one seen before at its
 * position (identity, else number, state and value: a finished trial's parameters never change), so that an ask on a
 * long study allocates only for the trials that are new or changed. Returns the finished list and how much of the previous one is still its prefix.
 */
export class FinishedIndex {
  private records: TrialRecord[] = []
  private states: { state: string; value: number | null }[] = []
  private before: number[] = [0]
  private list: Finished[] = []
  private direction: Direction | undefined
  /** Positions of the trials that were waiting or running when last seen: the only ones that can still change. */
  private open: number[] = []

  /** Positions (in the last history given) of the trials that are waiting or running. */
  get unfinished(): readonly number[] {
    return this.open
  }

  update(trials: readonly TrialRecord[], direction: Direction): { finished: readonly Finished[]; common: number } {
    let m = 0
    const seen = this.records.length
    // A finished trial never changes (the state machine refuses it), so only the trials unfinished at the last look
    // are compared, and the history's ends anchor it (a store that was reset, or another history, starts over).
    const anchored =
      seen === 0 || (trials.length >= seen && trials[seen - 1]!.number === this.records[seen - 1]!.number && trials[0]!.number === this.records[0]!.number)
    if (direction === this.direction && anchored) {
      m = seen
      for (const p of this.open) if (p < m && !same(trials[p]!, this.records[p]!, this.states[p]!)) m = p
    }
    this.direction = direction
    const common = this.before[m]!
    this.list.length = common
    this.records.length = m
    this.states.length = m
    this.before.length = m + 1
    this.open = this.open.filter((p) => p < m)
    for (let i = m; i < trials.length; i++) {
      const t = trials[i]!
      this.records.push(t)
      this.states.push({ state: t.state, value: t.value })
      if (t.state === 'running' || t.state === 'waiting') this.open.push(i)
      const last = this.list[this.list.length - 1]
      if (usable(t)) {
        if (last !== undefined && last.number >= t.number) return this.unsorted(trials, direction)
        this.list.push(entryOf(t, direction))
      }
      this.before.push(this.list.length)
    }
    return { finished: this.list, common }
  }

  /** A history not in number order (not what a study hands over): sorted afresh, nothing kept. */
  private unsorted(trials: readonly TrialRecord[], direction: Direction): { finished: readonly Finished[]; common: number } {
    this.records = []
    this.states = []
    this.before = [0]
    this.list = []
    this.open = trials.flatMap((t, i) => (t.state === 'running' || t.state === 'waiting' ? [i] : []))
    this.direction = undefined
    return { finished: finishedTrials(trials, direction), common: 0 }
  }
}

/**
 * Rebuilds CMA-ES from the history by replaying finished trials generation by generation: every λ finished trials
 * (in number order) make one update. Snapshots at generation boundaries are kept with the finished sequence they
 * came from, so that the next ask replays only what is new; any change in that prefix (a trial that finished out
 * of order) falls back to the last snapshot still valid, so the cache always gives what a full replay gives.
 */
export class Replayer {
  private snapshots: Snapshot[] = []
  private readonly drawn = new WeakMap<CmaState, Candidate[]>()
  private index = new FinishedIndex()
  private axes: Axes | undefined
  private space: SearchSpace | undefined

  constructor(
    private readonly options: CmaesOptions,
    private readonly seed: number,
  ) {}

  rebuild(space: SearchSpace, trials: readonly TrialRecord[], direction: Direction): Rebuilt {
    if (space !== this.space) {
      this.space = space
      this.axes = axesOf(space)
      this.snapshots = []
      this.index = new FinishedIndex()
    }
    const axes = this.axes!
    const { finished, common } = this.index.update(trials, direction)
    while (this.snapshots.length > 0 && this.snapshots[this.snapshots.length - 1]!.consumed > common) this.snapshots.pop()
    const start = this.snapshots[this.snapshots.length - 1] ?? { consumed: 0, state: this.firstRun(axes) }

    let state = start.state
    let open: { entry: Finished; slot: number | undefined }[] = []
    let pop: Evaluated[] = []
    let used = new Set<number>()
    let lastClosedNumber = start.consumed > 0 ? finished[start.consumed - 1]!.number : -1
    for (let k = start.consumed; k < finished.length; k++) {
      const entry = finished[k]!
      const match = this.trace(space, axes, state, entry, used)
      if (match) used.add(match.slot)
      open.push({ entry, slot: match?.slot })
      pop.push(match ? { x: match.x, f: entry.f, choices: match.choices, foreign: false } : this.foreign(axes, state, entry))
      if (pop.length < state.lambda) continue
      state = this.next(space, axes, state, pop)
      this.snapshots.push({ consumed: k + 1, state })
      if (this.snapshots.length > 64) this.snapshots.splice(0, this.snapshots.length - 64)
      lastClosedNumber = entry.number
      open = []
      pop = []
      used = new Set()
    }
    return { state, axes, open, lastClosedNumber }
  }

  /** Positions of the waiting and running trials of the history last rebuilt from. */
  get unfinished(): readonly number[] {
    return this.index.unfinished
  }

  /**
   * The slot a finished trial was drawn from, among the first 2λ of its generation (drawn lazily: most trials sit in
   * the next free slot); none for a trial another strategy proposed or one asked in an earlier generation.
   */
  private trace(space: SearchSpace, axes: Axes, state: CmaState, entry: Finished, used: ReadonlySet<number>): Candidate | undefined {
    if (entry.strategy !== 'cmaes') return undefined
    const key = paramsKey(space, entry.params)
    for (let slot = 0; slot < 2 * state.lambda; slot++) {
      if (used.has(slot)) continue
      const c = this.candidate(space, axes, state, slot)
      if (c.key === key) return c
    }
    return undefined
  }

  /** The slot-th candidate of the state's generation (drawn once per state and slot, then reused by later asks). */
  candidate(space: SearchSpace, axes: Axes, state: CmaState, slot: number): Candidate {
    const drawn = this.drawn.get(state) ?? []
    this.drawn.set(state, drawn)
    for (let s = drawn.length; s <= slot; s++) drawn.push(drawCandidate(space, axes, state, this.seed, s, this.options.bounds))
    return drawn[slot]!
  }

  private firstRun(axes: Axes): CmaState {
    return newRun({
      n: axes.numeric.length,
      categories: axes.categorical.map((c) => c.k),
      lambda:
        typeof this.options.popsize === 'number' ? this.options.popsize : defaultLambda(axes.numeric.length + axes.categorical.length, this.options.popsize),
      mean: startPoint(axes, this.options.x0),
      sigma0: this.options.sigma0,
      restart: 0,
      active: this.options.active,
    })
  }

  /** One generation's update; an IPOP restart (larger population, a random start point) when the run stalled. */
  private next(_space: SearchSpace, axes: Axes, state: CmaState, pop: readonly Evaluated[]): CmaState {
    const alpha = 1 / (Math.max(1, state.n) * state.lambda)
    const { state: updated, stop } = updateGeneration(state, pop, axes, alpha, this.options.categoricalRate)
    if (!stop || this.options.restarts === 'none') return updated
    const restart = state.restart + 1
    const rng = createRng(`${this.seed}/cmaes/start/${restart}`)
    return newRun({
      n: state.n,
      categories: axes.categorical.map((c) => c.k),
      lambda: Math.max(state.lambda + 1, Math.round(state.lambda * this.options.incPopsize)),
      mean: Float64Array.from(axes.numeric, () => rng()),
      sigma0: this.options.sigma0,
      restart,
      active: this.options.active,
      stoppedBy: stop,
    })
  }

  private foreign(axes: Axes, state: CmaState, entry: Finished): Evaluated {
    const choices = Int32Array.from(axes.categorical, (a) => {
      const v = entry.params[a.param.name]
      return v === undefined ? -1 : a.param.choices.indexOf(v)
    })
    return { x: encodeForeign(axes, entry.params, state.mean), f: entry.f, choices, foreign: true }
  }
}
