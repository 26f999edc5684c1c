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

/** Finished trials in number order: complete, or pruned with a value; failures and unfinished trials carry no value. */
export function finishedTrials(trials: readonly TrialRecord[], direction: Direction): Finished[] {
  const out: Finished[] = []
  for (const t of trials) {
    if ((t.state !== 'complete' && t.state !== 'pruned') || t.value === null || !Number.isFinite(t.value)) continue
    out.push({ number: t.number, f: direction === 'maximize' ? -t.value : t.value, params: t.params })
  }
  let sorted = true
  for (let i = 1; i < out.length; i++) if (out[i]!.number < out[i - 1]!.number) sorted = false
  return sorted ? out : out.sort((a, b) => a.number - b.number)
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
  private seen: Finished[] = []
  private axes: Axes | undefined
  private space: SearchSpace | undefined

  constructor(
    private readonly options: CmaesOptions,
    private readonly seed: number,
  ) {}

  rebuild(space: SearchSpace, finished: readonly Finished[]): Rebuilt {
    if (space !== this.space) {
      this.space = space
      this.axes = axesOf(space)
      this.snapshots = []
      this.seen = []
    }
    const axes = this.axes!
    let common = 0
    const max = Math.min(this.seen.length, finished.length)
    while (common < max && this.seen[common]!.number === finished[common]!.number && this.seen[common]!.f === finished[common]!.f) common++
    while (this.snapshots.length > 0 && this.snapshots[this.snapshots.length - 1]!.consumed > common) this.snapshots.pop()
    const start = this.snapshots[this.snapshots.length - 1] ?? { consumed: 0, state: this.firstRun(axes) }
    this.seen = finished.slice()

    let state = start.state
    let open: { entry: Finished; slot: number | undefined }[] = []
    let pop: Evaluated[] = []
    let candidates: Candidate[] = []
    let used = new Set<number>()
    let lastClosedNumber = start.consumed > 0 ? finished[start.consumed - 1]!.number : -1
    for (let k = start.consumed; k < finished.length; k++) {
      const entry = finished[k]!
      if (candidates.length === 0) candidates = this.candidates(space, axes, state, 2 * state.lambda)
      const key = paramsKey(space, entry.params)
      const match = candidates.find((c) => !used.has(c.slot) && c.key === key)
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
      candidates = []
      used = new Set()
    }
    return { state, axes, open, lastClosedNumber }
  }

  /** The first `count` candidates of the state's generation (drawn once per state, then reused by later asks). */
  candidates(space: SearchSpace, axes: Axes, state: CmaState, count: number): Candidate[] {
    const drawn = this.drawn.get(state) ?? []
    this.drawn.set(state, drawn)
    for (let slot = drawn.length; slot < count; slot++) drawn.push(drawCandidate(space, axes, state, this.seed, slot))
    return drawn.length === count ? drawn : drawn.slice(0, count)
  }

  private firstRun(axes: Axes): CmaState {
    return newRun({
      n: axes.numeric.length,
      categories: axes.categorical.map((c) => c.k),
      lambda: this.options.popsize ?? defaultLambda(axes.numeric.length + axes.categorical.length),
      mean: startPoint(axes, this.options.x0),
      sigma0: this.options.sigma0,
      restart: 0,
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
