import type { Params } from '../../space/types.js'
import type { AskContext, Strategy, StrategyFactory } from '../types.js'
import { CMAES_OPTIONS_SCHEMA, type CmaesOptions, type CmaesOptionsInput, resolveOptions } from './options.js'
import { type Rebuilt, Replayer } from './replay.js'
import { paramsKey } from './sample.js'

export { CMAES_DEFAULTS, CMAES_OPTIONS_SCHEMA, type CmaesOptions, type CmaesOptionsInput } from './options.js'

/**
 * CMA-ES over the space's unit box, rebuilt from the history on every ask (replay.ts; cached by history prefix).
 * Parallel asks take the next free slots of the current generation: running trials hold theirs, so two workers
 * never draw the same member, and a resumed study continues with the next slot.
 */
export class CmaesStrategy implements Strategy {
  readonly name = 'cmaes'
  private readonly replayers = new Map<number, Replayer>()

  constructor(readonly options: CmaesOptions) {}

  /** The rebuilt state for a history (for tests and benchmarks: restarts, step size, choice probabilities). */
  rebuild(ctx: Pick<AskContext, 'space' | 'direction' | 'trials' | 'seed'>): Rebuilt {
    let replayer = this.replayers.get(ctx.seed)
    if (!replayer) {
      replayer = new Replayer(this.options, ctx.seed)
      this.replayers.set(ctx.seed, replayer)
    }
    return replayer.rebuild(ctx.space, ctx.trials, ctx.direction)
  }

  ask(ctx: AskContext): Params {
    const rebuilt = this.rebuild(ctx)
    const { state, axes, open, lastClosedNumber } = rebuilt
    const usedSlots = new Set<number>()
    for (const o of open) if (o.slot !== undefined) usedSlots.add(o.slot)
    // Running and waiting trials hold their slots; so do failures of this generation (asking again would repeat them).
    const taken = new Set<string>()
    let pending = 0
    for (const t of ctx.trials) {
      const unfinished = t.state === 'running' || t.state === 'waiting'
      if (unfinished) pending++
      const valueless = t.value === null || !Number.isFinite(t.value) || (t.state !== 'complete' && t.state !== 'pruned')
      if (unfinished || (valueless && t.number > lastClosedNumber)) taken.add(paramsKey(ctx.space, t.params))
    }
    const replayer = this.replayers.get(ctx.seed)!
    // The first free slot whose point no unfinished trial holds; in a tiny discrete space where every point is held,
    // the first free slot.
    const limit = state.lambda + open.length + pending + 32
    let fallback: Params | undefined
    for (let slot = 0; slot < limit; slot++) {
      if (usedSlots.has(slot)) continue
      const c = replayer.candidate(ctx.space, axes, state, slot)
      if (!taken.has(c.key)) return c.params
      fallback ??= c.params
    }
    return fallback ?? replayer.candidate(ctx.space, axes, state, limit).params
  }
}

export const cmaes: StrategyFactory<CmaesOptionsInput> = {
  description: 'CMA-ES (Hansen) with IPOP restarts, margin correction on int/step axes and learned categorical choices, seeded',
  optionsSchema: CMAES_OPTIONS_SCHEMA,
  create: (options) => new CmaesStrategy(resolveOptions(options)),
}
