import { MultiObjectiveError } from '../../errors.js'
import type { Params, SearchSpace } from '../../space/types.js'
import type { TrialRecord } from '../../trial/types.js'
import { QmcStrategy } from '../qmc.js'
import type { AskContext, Strategy } from '../types.js'
import { maximizeAcquisition } from './acquisition.js'
import { GpCodec } from './encode.js'
import { HyperCache, prefixHashes } from './hyper-cache.js'
import { type Points, unpack } from './kernel.js'
import type { GpOptions } from './options.js'
import { Posterior, withPending } from './posterior.js'
import { warp } from './warp.js'

/** Seeds of the local candidates: this many best observed points. */
const SEEDS = 5

/**
 * Gaussian-process Bayesian optimisation. Each ask:
 * 1. takes the finished trials (complete, and pruned ones at their last reported value; failed ones left out) in
 *    trial-number order, values turned to minimisation; while fewer than `startupTrials`, proposes a quasi-random
 *    (scrambled Halton) point instead;
 * 2. warps the values (warp.ts: a Yeo–Johnson power transform by default) and takes the hyperparameters of the Matérn-5/2
 *    ARD kernel from the history's checkpoint fit (hyper-cache.ts: MAP with priors, warm-started);
 * 3. adds the running trials as kriging believers (posterior.ts), so parallel asks differ;
 * 4. maximises log expected improvement (acquisition.ts) and decodes the winner (encode.ts).
 * Everything is a function of (space, trials, rng); the caches (encodings by params identity, fits by history
 * prefix) only save work.
 */
export class GpStrategy implements Strategy {
  readonly name = 'gp'
  private readonly codecs = new WeakMap<SearchSpace, GpCodec>()
  private readonly fits = new WeakMap<GpCodec, Map<string, HyperCache>>()
  private readonly qmc = new QmcStrategy()

  constructor(readonly options: GpOptions) {}

  ask(ctx: AskContext): Params {
    if (ctx.directions && ctx.directions.length > 1) throw new MultiObjectiveError('the gp strategy models one objective; use tpe (MOTPE) or nsga2 for several')
    const o = this.options
    const codec = this.codec(ctx.space)
    const finished: TrialRecord[] = []
    const pending: TrialRecord[] = []
    for (const t of ctx.trials) {
      if ((t.state === 'complete' || t.state === 'pruned') && t.value !== null && Number.isFinite(t.value)) finished.push(t)
      else if (t.state === 'running' || t.state === 'waiting') pending.push(t)
    }
    if (finished.length < Math.max(2, o.startupTrials) || codec.dims.length === 0) return this.qmc.ask(ctx) as Params
    finished.sort((a, b) => a.number - b.number)

    const D = codec.dims.length
    const n = finished.length
    const x = new Float64Array(n * D)
    const raw = new Float64Array(n)
    const sign = ctx.direction === 'maximize' ? -1 : 1
    finished.forEach((t, i) => {
      x.set(codec.encode(t.params), i * D)
      raw[i] = sign * t.value!
    })
    const points: Points = { x, n, dims: D, categorical: codec.categorical }
    const hashes = prefixHashes(
      finished.map((t) => t.number),
      raw,
    )
    const theta = this.cache(codec, ctx.direction).thetaFor(points, raw, hashes)
    const y = warp(raw, o.warp)
    const base = new Posterior(points, y, unpack(theta, D))
    let best = Infinity
    for (let i = 0; i < n; i++) best = Math.min(best, y[i]!)

    let post = base
    if (o.pending && pending.length > 0) {
      const px = new Float64Array(pending.length * D)
      pending.forEach((t, i) => {
        px.set(codec.encode(t.params), i * D)
      })
      post = withPending(base, px, pending.length)
      // The believers' values count as observed: the incumbent includes them, else a pending point predicted below
      // the best would keep its improvement (best − μ) however small its variance, and be proposed again.
      for (let i = n; i < post.points.n; i++) best = Math.min(best, post.y[i]!)
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => y[a]! - y[b]!)
    const seeds = order.slice(0, SEEDS).map((i) => x.subarray(i * D, i * D + D))
    const winner = maximizeAcquisition(post, best, codec, seeds, ctx.rng, o)
    return codec.decode(winner)
  }

  private codec(space: SearchSpace): GpCodec {
    let c = this.codecs.get(space)
    if (!c) {
      c = new GpCodec(space)
      this.codecs.set(space, c)
    }
    return c
  }

  private cache(codec: GpCodec, direction: string): HyperCache {
    let m = this.fits.get(codec)
    if (!m) {
      m = new Map()
      this.fits.set(codec, m)
    }
    let c = m.get(direction)
    if (!c) {
      c = new HyperCache(this.options.warp, Math.max(2, this.options.startupTrials))
      m.set(direction, c)
    }
    return c
  }
}
