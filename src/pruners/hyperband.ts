import type { Direction, TrialRecord } from '../trial/types.js'
import { firstRungIssues, RESOURCE_DEFAULTS, resourceSchema, type ResourceOptions } from './options.js'
import { autoMaxResource, successiveHalvingPrunes } from './rungs.js'
import type { Pruner, PrunerFactory } from './types.js'

export type HyperbandOptions = ResourceOptions

/** The brackets for one (minResource, maxResource, η): bracket b is successive halving with rate s = b. */
export interface Brackets {
  /** floor(log_η(maxResource / minResource)) + 1, at least 1. */
  readonly count: number
  /** Bracket b's share of trials, Optuna's ceil(n·η^(n-1-b) / (n-b)): the aggressive brackets get more. */
  readonly budgets: readonly number[]
  readonly total: number
}

export function hyperbandBrackets(minResource: number, maxResource: number, reductionFactor: number): Brackets {
  // Counted by multiplying rather than with a floating-point log, which gives log_3(243) = 4.999...
  let count = 1
  while (minResource * reductionFactor ** count <= maxResource) count++
  const budgets = Array.from({ length: count }, (_, b) => {
    const s = count - 1 - b
    return Math.ceil((count * reductionFactor ** s) / (s + 1))
  })
  return { count, budgets, total: budgets.reduce((a, b) => a + b, 0) }
}

/**
 * The bracket of a trial: a hash of its number (murmur3's 32-bit finalizer) modulo the total budget,
 * mapped onto the brackets' cumulative budgets. Optuna hashes the study name with the number; a pruner
 * here sees no study name, and a hash rather than `number mod total` keeps consecutive trials from all
 * landing in the same bracket when the budget is smaller than the total.
 */
export function bracketOf(number: number, brackets: Brackets): number {
  let n = mix32(number) % brackets.total
  for (let b = 0; b < brackets.count; b++) {
    n -= brackets.budgets[b]!
    if (n < 0) return b
  }
  return brackets.count - 1
}

function mix32(x: number): number {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * Hyperband as Optuna's HyperbandPruner runs it: several successive-halving brackets over the same
 * (minResource, maxResource, η), bracket b's first rung at minResource·η^b, each trial in one bracket and
 * compared only with the trials of its bracket. With maxResource "auto" nothing is pruned until a trial
 * completes, since the number of brackets depends on it.
 */
export class HyperbandPruner implements Pruner {
  readonly name = 'hyperband'
  constructor(readonly options: HyperbandOptions = RESOURCE_DEFAULTS) {}

  shouldPrune(trial: TrialRecord, history: readonly TrialRecord[], direction: Direction): boolean {
    const { minResource, reductionFactor } = this.options
    const maxResource = this.options.maxResource === 'auto' ? autoMaxResource(history, trial.number) : this.options.maxResource
    if (maxResource === undefined) return false
    const brackets = hyperbandBrackets(minResource, maxResource, reductionFactor)
    const bracket = bracketOf(trial.number, brackets)
    const peers = history.filter((t) => bracketOf(t.number, brackets) === bracket)
    return successiveHalvingPrunes(trial, peers, { minResource, reductionFactor, minEarlyStoppingRate: bracket, maxResource }, direction)
  }
}

export const hyperband: PrunerFactory<Partial<HyperbandOptions>> = {
  description: 'hyperband: trials spread over successive-halving brackets from aggressive to none, each compared within its bracket',
  optionsSchema: { type: 'object', properties: { ...resourceSchema }, additionalProperties: false },
  optionsIssues: (options) => firstRungIssues(options),
  create: (options) => new HyperbandPruner({ ...RESOURCE_DEFAULTS, ...options }),
}
