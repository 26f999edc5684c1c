import { fromUnit } from '../space/transform.js'
import { sampleActive } from './sample.js'
import type { Strategy, StrategyFactory } from './types.js'

/** Independent uniform draws (in log space on log axes) from the ask's seeded rng. */
export class RandomStrategy implements Strategy {
  readonly name = 'random'
  ask(ctx: Parameters<Strategy['ask']>[0]): ReturnType<Strategy['ask']> {
    return sampleActive(ctx.space, (p) => fromUnit(p, ctx.rng()))
  }
}

export const random: StrategyFactory<Readonly<Record<never, never>>> = {
  description: 'uniform random search (log-uniform on log axes), seeded',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  create: () => new RandomStrategy(),
}
