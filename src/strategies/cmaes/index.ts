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
    const replayer = this.replayers.get(ctx.seed)!
    const taken = new Set<string>()
    const pending = replayer.unfinished.length
    for (const p of replayer.unfinished) taken.add(paramsKey(ctx.space, ctx.trials[p]!.params))
    for (let i = ctx.trials.length - 1; i >= 0 && ctx.trials[i]!.number > lastClosedNumber; i--) {
      const t = ctx.trials[i]!
      const valueless = t.value === null || !Number.isFinite(t.value) || (t.state !== 'complete' && t.state !== 'pruned')
      if (valueless) taken.add(paramsKey(ctx.space, t.params))
    }
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
