import { fromUnit, toUnit } from '../../space/transform.js'
import type { Param, Params, SearchSpace } from '../../space/types.js'
import { violation } from '../../trial/pareto.js'
import type { Direction, TrialRecord } from '../../trial/types.js'
import { sampleActive } from '../sample.js'
import type { AskContext, Strategy } from '../types.js'
import type { Nsga2Options } from './options.js'
import { type Individual, type Population, selectPopulation, tournament } from './selection.js'
import { polynomialMutation, sbx } from './variation.js'

/**
 * NSGA-II (Deb et al. 2002) with constraint domination, as a pure function of the history. A trial's generation is
 * its number divided by the population size; the parents of generation g are the population that environmental
 * selection (selection.ts) keeps from every complete trial numbered before g's first, which is NSGA-II's elitist
 * (μ + λ) survival over all generations so far. Generation 0 is drawn at random. Each child: two binary tournaments,
 * SBX crossover (or uniform) per numeric parameter, a parent's choice per categorical one, then polynomial mutation
 * (categorical: a new draw), in the unit box of each parameter. Parameters a parent lacks (conditional ones) come
 * from the other parent, or are drawn at random.
 * The only state is a cache of parent populations by generation, keyed by a checksum of the trials it came from.
 */
export class Nsga2Strategy implements Strategy {
  readonly name = 'nsga2'
  private readonly cache = new WeakMap<SearchSpace, Map<string, Population>>()

  constructor(readonly options: Nsga2Options) {}

  ask(ctx: AskContext): Params {
    const size = this.options.populationSize
    const generation = Math.floor(ctx.number / size)
    const parents = generation === 0 ? undefined : this.parents(ctx, generation * size)
    if (!parents || parents.members.length < 2) return sampleActive(ctx.space, (p) => fromUnit(p, ctx.rng()))
    const a = tournament(parents, ctx.rng)
    const b = tournament(parents, ctx.rng)
    const child = this.breed(ctx.space.parameters, a.vector, b.vector, ctx.rng)
    return sampleActive(ctx.space, (p, dim) => fromUnit(p, Number.isNaN(child[dim]!) ? ctx.rng() : child[dim]!))
  }

  private breed(params: readonly Param[], a: Float64Array, b: Float64Array, rng: () => number): Float64Array {
    const o = this.options
    const modelled = params.filter((p) => p.type !== 'constant').length
    const mutation = o.mutationProb ?? 1 / Math.max(1, modelled)
    const cross = rng() < o.crossoverProb
    const child = new Float64Array(params.length)
    params.forEach((p, d) => {
      let x1 = a[d]!
      let x2 = b[d]!
      if (Number.isNaN(x1)) x1 = x2
      if (Number.isNaN(x2)) x2 = x1
      if (Number.isNaN(x1)) {
        child[d] = Number.NaN
        return
      }
      let y: number
      if (!cross) y = x1
      else if (p.type === 'categorical' || o.crossover === 'uniform') y = rng() < 0.5 ? x1 : x2
      else y = rng() < 0.5 ? sbx(x1, x2, o.crossoverEta, rng) : x1
      if (rng() < mutation) y = p.type === 'categorical' ? rng() : polynomialMutation(y, o.mutationEta, rng)
      child[d] = y
    })
    return child
  }

  /** The parent population of the generation starting at trial `start`: survivors among complete trials before it. */
  private parents(ctx: AskContext, start: number): Population | undefined {
    const directions: readonly Direction[] = ctx.directions ?? [ctx.direction]
    const pool: Individual[] = []
    const from: TrialRecord[] = []
    let checksum = 0
    for (const t of ctx.trials) {
      if (t.number >= start || t.state !== 'complete') continue
      const v = t.values ?? (t.value === null ? undefined : [t.value])
      if (!v || v.length !== directions.length || !v.every(Number.isFinite)) continue
      from.push(t)
      checksum = (checksum * 31 + t.number + v.reduce((s, x) => s + x, 0)) % 1e9
    }
    if (from.length === 0) return undefined
    const key = `${start}/${directions.join(',')}/${from.length}/${checksum}`
    let bySpace = this.cache.get(ctx.space)
    if (!bySpace) {
      bySpace = new Map()
      this.cache.set(ctx.space, bySpace)
    }
    const hit = bySpace.get(key)
    if (hit) return hit
    for (const t of from) {
      const v = t.values ?? [t.value!]
      pool.push({
        vector: Float64Array.from(ctx.space.parameters, (p) => (Object.hasOwn(t.params, p.name) ? toUnit(p, t.params[p.name]!) : Number.NaN)),
        values: v.map((x, k) => (directions[k] === 'maximize' ? -x : x)),
        violation: violation(t.constraints),
      })
    }
    const pop = selectPopulation(pool, this.options.populationSize)
    // A study moves forward a generation at a time: older populations are not asked for again.
    if (bySpace.size > 8) bySpace.clear()
    bySpace.set(key, pop)
    return pop
  }
}
