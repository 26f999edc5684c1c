import type { SearchSpace } from '../space/types.js'
import type { TrialRecord } from '../trial/types.js'
import type { Registry } from '../util/registry.js'
import type { AskContext, Strategy, StrategyFactory } from './types.js'

/**
 * The rule `auto` follows (figures in README.md, "Choosing a strategy"):
 * - a conditional space (any `when`) or a categorical-heavy one (at least half the parameters categorical): `tpe`,
 *   which models conditions and choices natively, where the GP only sees an overlap distance;
 * - otherwise `gp` while fewer than CMAES_AFTER trials have finished, `cmaes` from then on (a GP ask grows as n², and
 *   after a few hundred points CMA-ES's cheap steady steps win); `tpe` instead of `cmaes` when no strategy of that
 *   name is registered or the space has a categorical parameter.
 */
export const CMAES_AFTER = 300

export interface AutoChoice {
  readonly strategy: 'gp' | 'tpe' | 'cmaes'
  readonly why: string
}

/** What auto picks for a space after `finished` finished trials (`cmaesAvailable`: the registry has `cmaes`). */
export function chooseStrategy(space: SearchSpace, finished: number, cmaesAvailable: boolean, cmaesAfter = CMAES_AFTER): AutoChoice {
  const params = space.parameters.filter((p) => p.type !== 'constant')
  const categorical = params.filter((p) => p.type === 'categorical').length
  if (params.some((p) => p.when !== undefined && Object.keys(p.when).length > 0)) return { strategy: 'tpe', why: 'conditional space' }
  if (params.length > 0 && categorical * 2 >= params.length) return { strategy: 'tpe', why: `${categorical} of ${params.length} parameters categorical` }
  if (finished < cmaesAfter) return { strategy: 'gp', why: `${finished} < ${cmaesAfter} finished trials` }
  if (cmaesAvailable && categorical === 0) return { strategy: 'cmaes', why: `${finished} ≥ ${cmaesAfter} finished trials` }
  return { strategy: 'tpe', why: `${finished} ≥ ${cmaesAfter} finished trials, ${cmaesAvailable ? 'categorical parameters' : 'no cmaes registered'}` }
}

function finishedCount(trials: readonly TrialRecord[]): number {
  let n = 0
  for (const t of trials) if (t.state === 'complete' || t.state === 'pruned') n++
  return n
}

/**
 * Chooses a strategy per ask from the space and the history (chooseStrategy), and asks it. Each trial records the
 * strategy that proposed it as `auto/<name>` (`proposer`). The delegates are looked up by name in the strategy
 * registry when first needed, so `cmaes` is used as soon as it is registered; each is itself a pure function of the
 * history, and the choice is one too, so auto is.
 */
export class AutoStrategy implements Strategy {
  readonly name = 'auto'
  private readonly delegates = new Map<string, Strategy>()

  constructor(
    private readonly registry: () => Registry<StrategyFactory>,
    readonly cmaesAfter: number,
  ) {}

  choice(ctx: AskContext): AutoChoice {
    return chooseStrategy(ctx.space, finishedCount(ctx.trials), this.registry().has('cmaes'), this.cmaesAfter)
  }

  proposer(ctx: AskContext): string {
    return `auto/${this.choice(ctx).strategy}`
  }

  ask(ctx: AskContext): ReturnType<Strategy['ask']> {
    return this.delegate(this.choice(ctx).strategy).ask(ctx)
  }

  private delegate(name: string): Strategy {
    let s = this.delegates.get(name)
    if (!s) {
      s = this.registry().require(name).create({})
      this.delegates.set(name, s)
    }
    return s
  }
}

/** `auto` over a registry given lazily (the registry holds auto itself). */
export function autoFactory(registry: () => Registry<StrategyFactory>): StrategyFactory<{ cmaesAfter?: number }> {
  return {
    description: 'chooses per ask from the space and history: gp for numeric spaces, tpe for conditional or categorical-heavy ones, cmaes after 300 trials',
    optionsSchema: {
      type: 'object',
      properties: {
        cmaesAfter: { type: 'integer', minimum: 1, description: 'finished trials after which numeric spaces go to cmaes' },
        seed: { type: 'integer', minimum: 0 },
      },
      additionalProperties: false,
    },
    create: (options) => new AutoStrategy(registry, options.cmaesAfter ?? CMAES_AFTER),
  }
}
