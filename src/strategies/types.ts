import type { Factory } from '../util/registry.js'
import type { Rng } from '../util/rng.js'
import type { Params, SearchSpace } from '../space/types.js'
import type { Direction, TrialRecord } from '../trial/types.js'

/** Returned by ask when a finite strategy has nothing left to propose. */
export const EXHAUSTED: unique symbol = Symbol('tunekit.exhausted')
export type Exhausted = typeof EXHAUSTED

export interface AskContext {
  readonly space: SearchSpace
  readonly direction: Direction
  /** Every trial so far, running ones included (so a strategy can avoid what is already being tried). */
  readonly trials: readonly TrialRecord[]
  /** Seeded for this ask from the study seed and `number`: the same history gives the same proposal. */
  readonly rng: Rng
  /** The number the new trial will most likely get (the next free one in `trials`). */
  readonly number: number
  /** The study seed. */
  readonly seed: number
}

/** What to try next. A pure function of (space, history, rng): no state the history could not rebuild. */
export interface Strategy {
  readonly name: string
  /**
   * For strategies whose proposals must never be taken twice (a grid cell, a quasi-random point): the key the store
   * keeps unique across every process sharing the study. A worker that loses the race asks again with the new history.
   */
  uniqueKey?(params: Params, ctx: AskContext): string
  /**
   * For strategies that delegate (auto): the name recorded on the trial that `ask(ctx)` proposes, e.g. "auto/gp".
   * Called by the study with the same context right after ask; the strategy's `name` when absent.
   */
  proposer?(ctx: AskContext): string
  /** Called once per new trial; returns the active parameters, or EXHAUSTED. */
  ask(ctx: AskContext): Params | Exhausted
}

/**
 * Creates a strategy from its options, validated against `optionsSchema` (and `optionsIssues`) first; `seed` is not
 * an option: the study derives every ask's rng from it.
 */
export type StrategyFactory<Options = Readonly<Record<string, unknown>>> = Factory<Options, Strategy>
