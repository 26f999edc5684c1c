import type { SearchSpace } from '../space/types.js'
import type { TrialRecord } from '../trial/types.js'
import type { Registry } from '../util/registry.js'
import type { AskContext, Strategy, StrategyFactory } from './types.js'

/**
 * The rule `auto` follows (figures in README.md, "`auto`: the default strategy"):
 * - `gp` while fewer than CMAES_AFTER trials have finished, whatever the space: on the suite's conditional and
 *   categorical-heavy problems it beat `tpe` too (Optuna's AutoSampler sends those to TPE; our measurements do not);
 * - from then on `cmaes` for numeric spaces without conditions (a GP ask grows as n², and after a few hundred points
 *   CMA-ES's cheap steady steps win), `tpe` for the rest, and `tpe` when no strategy named `cmaes` is registered.
 */
export const CMAES_AFTER = 300

export interface AutoChoice {
  readonly strategy: 'gp' | 'tpe' | 'cmaes'
  readonly why: string
}

/** What auto picks for a space after `finished` finished trials (`cmaesAvailable`: the registry has `cmaes`). */
export function chooseStrategy(space: SearchSpace, finished: number, cmaesAvailable: boolean, cmaesAfter = CMAES_AFTER): AutoChoice {
  if (finished < cmaesAfter) return { strategy: 'gp', why: `${finished} < ${cmaesAfter} finished trials` }
  const params = space.parameters.filter((p) => p.type !== 'constant')
  if (params.some((p) => p.when !== undefined && Object.keys(p.when).length > 0)) return { strategy: 'tpe', why: 'long study, conditional space' }
  if (params.some((p) => p.type === 'categorical')) return { strategy: 'tpe', why: 'long study, categorical parameters' }
  if (cmaesAvailable) return { strategy: 'cmaes', why: `${finished} ≥ ${cmaesAfter} finished trials, numeric space` }
  return { strategy: 'tpe', why: `${finished} ≥ ${cmaesAfter} finished trials, no cmaes registered` }
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
    // Several objectives: MOTPE (tpe), which beat Optuna's better sampler on every multi-objective benchmark problem
    // (bench/results/README.md); gp and cmaes model one objective.
    if (ctx.directions && ctx.directions.length > 1) return { strategy: 'tpe', why: `${ctx.directions.length} objectives (MOTPE)` }
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
    description: 'chooses per ask from the space and history: gp up to 300 finished trials, then cmaes for numeric spaces and tpe for the rest',
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
