import { type TrialOutcome, valueOutcome } from '../trial/outcome.js'
import type { TellResult } from './types.js'

/** The outcome a tell() stands for: a bare number is complete (or failed when not finite), a string error a reason. */
export function toOutcome(result: TellResult): TrialOutcome {
  if (typeof result === 'number') return valueOutcome(result)
  switch (result.state) {
    case 'complete':
      return valueOutcome(result.value, result.metrics)
    case 'pruned':
      return result
    case 'fail': {
      const error = typeof result.error === 'string' || result.error === undefined ? { reason: result.error ?? 'failed' } : result.error
      return { state: 'fail', error, ...(result.metrics ? { metrics: result.metrics } : {}) }
    }
  }
}
