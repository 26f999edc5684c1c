import { type TrialOutcome, valueOutcome, valuesOutcome } from '../trial/outcome.js'
import type { TellResult } from './types.js'

/**
 * The outcome a tell() stands for: a bare number (or a list, one per objective) is complete, or failed when not
 * finite or of the wrong count; `{ values | value, constraints }` carries constraint values; a string error a reason.
 */
export function toOutcome(result: TellResult, objectives = 1): TrialOutcome {
  if (typeof result === 'number') return objectives === 1 ? valueOutcome(result) : valuesOutcome(result, objectives)
  if (isList(result)) return valuesOutcome(result, objectives)
  if (!('state' in result)) {
    const values = 'values' in result ? result.values : result.value
    return valuesOutcome(values, objectives, result.constraints, result.metrics)
  }
  switch (result.state) {
    case 'complete':
      if (objectives === 1 && result.values === undefined && result.constraints === undefined) return valueOutcome(result.value, result.metrics)
      return valuesOutcome(result.values ?? result.value, objectives, result.constraints, result.metrics)
    case 'pruned':
      return result
    case 'fail': {
      const error = typeof result.error === 'string' || result.error === undefined ? { reason: result.error ?? 'failed' } : result.error
      return { state: 'fail', error, ...(result.metrics ? { metrics: result.metrics } : {}) }
    }
  }
}

function isList(r: TellResult): r is readonly number[] {
  return Array.isArray(r)
}
