import type { Rng } from '../../util/rng.js'
import { isActive } from '../../space/conditions.js'
import { fromUnit } from '../../space/transform.js'
import type { Params, SearchSpace } from '../../space/types.js'
import { QmcStrategy } from '../qmc.js'
import { sampleActive } from '../sample.js'
import type { AskContext, Strategy } from '../types.js'
import { SpaceCodec } from './encode.js'
import { logDensity, sampleParzen } from './density.js'
import type { Direction } from '../../trial/types.js'
import { HistorySubset } from './history.js'
import { goodCount, type TpeOptions } from './options.js'
import { fitParzen, type Layout } from './parzen.js'
import { collectObservations, type HistoryMemo, splitGoodBad, TIER_PENDING, type Observations } from './split.js'
import { subspaces } from './subspaces.js'

/**
 * Bandwidth of a pending trial's kernel in g, relative to l's observation kernels. With 8 asks in parallel
 * on the suite (30 seeds), 0.5 beat no liar on 4 of 6 problems, geometric mean of the regret ratios 0.68;
 * 0.25 gave 0.92, and weighting each lie like a good point 1.29. Sharp enough to keep asks apart, not so
 * repulsive that they leave the good region.
 */
const PENDING_BANDWIDTH = 0.5

/** A subspace needs this many finished trials before it is modelled (before that it is drawn uniformly). */
const MIN_SUBSPACE_OBSERVATIONS = 2

/**
 * Tree-structured Parzen Estimator. Each ask:
 * 1. collects the history (failed trials left out; pruned ones ranked below complete ones by their last
 *    intermediate value; running ones, with constant liar, as pending with the worst value, which puts them
 *    in g(x) with sharp kernels — see split.ts and PENDING_BANDWIDTH);
 * 2. while fewer than `startupTrials` trials have finished, draws a start-up point (qmc or random);
 * 3. otherwise walks the parameters in dependency order; at the first active parameter of each subspace
 *    (see subspaces.ts: joint over the whole space without conditions, grouped by active subspace with them)
 *    it splits that subspace's trials into the γ-best and the rest, fits l(x) and g(x), draws `candidates`
 *    points from l and keeps the one with the highest log l(x) − log g(x).
 * Everything comes from (space, trials, rng). The only state is derived and cannot go stale: per-trial
 * encodings keyed by the (immutable) params objects, per space, and the qmc start-up's permutations per seed.
 */
export class TpeStrategy implements Strategy {
  readonly name = 'tpe'
  private readonly codecs = new WeakMap<SearchSpace, SpaceCodec>()
  private readonly qmc = new QmcStrategy()
  private readonly memos = new WeakMap<SpaceCodec, Map<string, HistoryMemo>>()
  private readonly subsets = new WeakMap<SearchSpace, Map<Direction, HistorySubset>>()

  constructor(readonly options: TpeOptions) {}

  ask(ctx: AskContext): Params {
    const o = this.options
    const codec = this.codec(ctx.space)
    const history = this.subset(ctx.space, ctx.direction).select(ctx.trials)
    const obs = collectObservations(history, ctx.direction, codec, o.constantLiar, this.memo(codec, ctx.direction))
    if (obs.finished < Math.max(o.startupTrials, 1)) return this.startup(ctx)

    const groups = subspaces(codec, obs, o.multivariate)
    const proposal = new Float64Array(codec.axes.length).fill(NaN)
    const params: Params = {}
    codec.axes.forEach((axis, i) => {
      const p = axis.param
      if (!isActive(p, params)) return
      if (axis.kind !== 'const' && Number.isNaN(proposal[i]!)) this.sampleSubspace(codec, obs, groups[i]!, ctx.rng, proposal)
      params[p.name] = codec.decode(i, proposal[i]!)
    })
    return params
  }

  private startup(ctx: AskContext): Params {
    if (this.options.startup === 'qmc') return this.qmc.ask(ctx) as Params
    return sampleActive(ctx.space, (p) => fromUnit(p, ctx.rng()))
  }

  /** Fills `proposal` for every axis of one subspace. */
  private sampleSubspace(codec: SpaceCodec, obs: Observations, axes: readonly number[], rng: Rng, proposal: Float64Array): void {
    const o = this.options
    const rows: number[] = []
    let finished = 0
    for (let r = 0; r < obs.vectors.length; r++) {
      // Every axis of a subspace is active in the same trials; checking them all also drops records that
      // lack a value for another reason (a trial enqueued by hand), which would poison a joint kernel.
      const v = obs.vectors[r]!
      if (axes.some((a) => Number.isNaN(v[a]!))) continue
      rows.push(r)
      if (obs.tiers[r]! < TIER_PENDING) finished++
    }
    const layout = layoutOf(codec, axes)
    if (finished < MIN_SUBSPACE_OBSERVATIONS) {
      for (const i of layout.cont) proposal[i] = rng()
      for (const d of layout.disc) proposal[d.axis] = Math.floor(rng() * d.levels)
      return
    }
    const split = o.multivariate ? splitGoodBad(obs, rows, goodCount(finished, o)) : splitAmongAll(obs, rows, o)
    const good = split.good
    const bad = boundBad(obs, split.bad, o.maxBad)
    const l = fitParzen(obs.vectors, good, ageWeights(good.length, o.weights), layout, o)
    // Constant liar: a pending trial is one more bad point, but its kernel gets half l's bandwidth; at g's own
    // (data-driven, wide) bandwidth one kernel among hundreds would not register, and parallel asks would
    // pile up on one spot. Sharp, it digs a hole in l/g around the point being tried.
    const pending = Uint8Array.from(bad, (r) => (obs.tiers[r] === TIER_PENDING ? 1 : 0))
    const lSigma = layout.cont.map((_, j) => l.sigma[j]! * PENDING_BANDWIDTH)
    const g = fitParzen(obs.vectors, bad, ageWeights(bad.length, o.weights), layout, o, { rows: pending, sigma: lSigma })
    const cands = sampleParzen(l, o.candidates, rng)
    const ll = new Float64Array(cands.count)
    const lg = new Float64Array(cands.count)
    logDensity(l, cands, ll)
    logDensity(g, cands, lg)
    let best = 0
    for (let i = 1; i < cands.count; i++) if (ll[i]! - lg[i]! > ll[best]! - lg[best]!) best = i
    const c = layout.cont.length
    const d = layout.disc.length
    for (const [j, axis] of layout.cont.entries()) proposal[axis] = cands.cont[best * c + j]!
    for (const [j, t] of layout.disc.entries()) proposal[t.axis] = cands.disc[best * d + j]!
  }

  /** Per space and direction: the entries of the history seen last (split.ts), rebuilt from the trials alone. */
  private memo(codec: SpaceCodec, direction: string): HistoryMemo {
    const key = `${direction}`
    let byDirection = this.memos.get(codec)
    if (!byDirection) {
      byDirection = new Map()
      this.memos.set(codec, byDirection)
    }
    let m = byDirection.get(key)
    if (!m) {
      m = { records: [], entries: [] }
      byDirection.set(key, m)
    }
    return m
  }

  /** Per space and direction: the subset of a long history that an ask models (history.ts), kept up to date. */
  private subset(space: SearchSpace, direction: Direction): HistorySubset {
    let byDirection = this.subsets.get(space)
    if (!byDirection) {
      byDirection = new Map()
      this.subsets.set(space, byDirection)
    }
    let s = byDirection.get(direction)
    if (!s) {
      const conditional = space.parameters.filter((p) => p.when !== undefined).map((p) => p.name)
      s = new HistorySubset(direction, this.options, conditional)
      byDirection.set(direction, s)
    }
    return s
  }

  private codec(space: SearchSpace): SpaceCodec {
    let c = this.codecs.get(space)
    if (!c) {
      c = new SpaceCodec(space)
      this.codecs.set(space, c)
    }
    return c
  }
}

/**
 * Independent TPE ranks a parameter's trials among all the finished trials, as Optuna does: the good set is
 * the γ-best of the whole study, then each parameter keeps the members in which it was active. A conditional
 * parameter thus learns from the trials that are good overall, not from the best of its own few.
 */
function splitAmongAll(obs: Observations, rows: readonly number[], o: TpeOptions): { good: number[]; bad: number[] } {
  const all = Array.from({ length: obs.vectors.length }, (_, r) => r)
  const split = splitGoodBad(obs, all, goodCount(obs.finished, o))
  const active = new Set(rows)
  return { good: split.good.filter((r) => active.has(r)), bad: split.bad.filter((r) => active.has(r)) }
}

/**
 * g(x) from at most `max` observations: past that, an even stride through the bad set in trial order (pending trials
 * always kept, they are what keeps parallel asks apart). Every kernel of g is scored for every candidate, so this is
 * what bounds an ask on a long study; an even stride keeps g's shape (it is a density estimate of where the bad
 * points are, and 1,000 points describe that as well as 50,000 at these kernel widths).
 */
export function boundBad(obs: Observations, bad: readonly number[], max: number): number[] {
  if (bad.length <= max) return bad as number[]
  const pending = bad.filter((r) => obs.tiers[r] === TIER_PENDING)
  const rest = bad.filter((r) => obs.tiers[r] !== TIER_PENDING)
  const keep = Math.max(0, max - pending.length)
  const picked = new Set(pending)
  for (let i = 0; i < keep; i++) picked.add(rest[Math.floor(((i + 0.5) * rest.length) / keep)]!)
  return bad.filter((r) => picked.has(r))
}

function layoutOf(codec: SpaceCodec, axes: readonly number[]): Layout {
  const cont: number[] = []
  const quantised: boolean[] = []
  const disc: { axis: number; levels: number; categorical: boolean }[] = []
  for (const i of axes) {
    const a = codec.axes[i]!
    if (a.kind === 'cont') {
      cont.push(i)
      const q = a.param
      quantised.push((q.type === 'int' && !q.log) || (q.type === 'float' && !q.log && q.step !== undefined))
    } else if (a.kind === 'lattice' || a.kind === 'cat') disc.push({ axis: i, levels: a.levels, categorical: a.kind === 'cat' })
  }
  return { cont, quantised, disc }
}

/**
 * Observation weights in trial order. `recent` is Optuna's default_weights: all 1 up to 25 observations,
 * then a linear ramp from 1/n for the oldest, the 25 most recent at 1 — the landscape a study sees drifts
 * as it narrows down, so old points should count less.
 */
export function ageWeights(n: number, rule: 'uniform' | 'recent'): Float64Array {
  const w = new Float64Array(n).fill(1)
  if (rule === 'uniform' || n < 25) return w
  const ramp = n - 25
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1)
  return w
}
