import type { Issue } from '../errors.js'

/** A schema for an integer option, with the default and description that error messages quote. */
export function integerOption(minimum: number, def: number, description: string): object {
  return { type: 'integer', minimum, default: def, description }
}

/** maxResource: "auto" (from the first completed trial) or a step. */
export function maxResourceOption(description: string): object {
  return { anyOf: [{ const: 'auto' }, { type: 'integer', minimum: 1 }], default: 'auto', description }
}

export interface ResourceOptions {
  readonly minResource: number
  readonly reductionFactor: number
  readonly maxResource: number | 'auto'
}

export const RESOURCE_DEFAULTS: ResourceOptions = { minResource: 1, reductionFactor: 3, maxResource: 'auto' }

export const resourceSchema = {
  minResource: integerOption(1, RESOURCE_DEFAULTS.minResource, 'the base step of the rungs: rung k is at minResource·reductionFactor^k'),
  reductionFactor: integerOption(
    2,
    RESOURCE_DEFAULTS.reductionFactor,
    'η: each rung is η times further than the previous one and keeps the best 1/η of the trials that reach it',
  ),
  maxResource: maxResourceOption(
    'the step a trial that is never stopped ends at (rungs there or beyond make no decision); "auto": the last step of the first trial to complete',
  ),
} as const

/** The one cross-option rule of the resource options: the ladder needs room below maxResource. */
export function firstRungIssues(options: Partial<ResourceOptions>, minEarlyStoppingRate = 0): Issue[] {
  const { minResource, reductionFactor, maxResource } = { ...RESOURCE_DEFAULTS, ...options }
  if (maxResource === 'auto') return []
  const first = minResource * reductionFactor ** minEarlyStoppingRate
  if (first < maxResource) return []
  const message =
    minEarlyStoppingRate > 0
      ? `must be greater than the first rung's step, minResource·reductionFactor^minEarlyStoppingRate = ${first}, or nothing is ever pruned; raise ` +
        `it, or lower minResource or minEarlyStoppingRate`
      : `must be greater than minResource (${first}), the first rung's step, or nothing is ever pruned; raise it or lower minResource`
  return [{ path: '/maxResource', message }]
}
