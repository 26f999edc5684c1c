import type { Direction, TrialRecord } from '../trial/types.js'
import { integerOption, firstRungIssues, RESOURCE_DEFAULTS, resourceSchema, type ResourceOptions } from './options.js'
import { autoMaxResource, successiveHalvingPrunes } from './rungs.js'
import type { Pruner, PrunerFactory } from './types.js'

export interface AshaOptions extends ResourceOptions {
  /** s: the first rung is at minResource·reductionFactor^s. */
  readonly minEarlyStoppingRate: number
}

export const ASHA_DEFAULTS: AshaOptions = { ...RESOURCE_DEFAULTS, minEarlyStoppingRate: 0 }

/**
 * Asynchronous successive halving (Optuna's SuccessiveHalvingPruner): rungs at steps
 * minResource·η^(s+k); a trial reaching a rung goes on only if its value there is among the best 1/η of
 * the values every trial recorded at that rung. With maxResource "auto" and no trial complete yet, the
 * ladder has no top: nothing tells yet where a full run ends.
 */
export class AshaPruner implements Pruner {
  readonly name = 'asha'
  constructor(readonly options: AshaOptions = ASHA_DEFAULTS) {}

  shouldPrune(trial: TrialRecord, history: readonly TrialRecord[], direction: Direction): boolean {
    const { maxResource } = this.options
    const cap = maxResource === 'auto' ? autoMaxResource(history, trial.number) : maxResource
    return successiveHalvingPrunes(trial, history, { ...this.options, maxResource: cap }, direction)
  }
}

export const asha: PrunerFactory<Partial<AshaOptions>> = {
  description: 'asynchronous successive halving: at each rung, keeps the best 1/reductionFactor of the trials that reached it',
  optionsSchema: {
    type: 'object',
    properties: {
      ...resourceSchema,
      minEarlyStoppingRate: integerOption(0, ASHA_DEFAULTS.minEarlyStoppingRate, 's: the first rung is at minResource·reductionFactor^s'),
    },
    additionalProperties: false,
  },
  optionsIssues: (options) => firstRungIssues(options, options.minEarlyStoppingRate ?? ASHA_DEFAULTS.minEarlyStoppingRate),
  create: (options) => new AshaPruner({ ...ASHA_DEFAULTS, ...options }),
}
