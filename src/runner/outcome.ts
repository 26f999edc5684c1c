import type { Metrics } from '../trainers/types.js'
import type { RunOutcome } from './types.js'

/** A finished run's outcome from its final metrics: complete with a finite objective value, or fail saying why not. */
export function outcomeFromMetrics(metrics: Metrics, metric: string): RunOutcome {
  if (!Object.prototype.hasOwnProperty.call(metrics, metric)) {
    return {
      status: 'fail',
      reason: 'no objective reported',
      message: `the trainer reported ${Object.keys(metrics).join(', ') || 'nothing'} but not "${metric}"`,
      metrics,
    }
  }
  const value = metrics[metric]
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { status: 'fail', reason: 'non-finite value', message: `"${metric}" was ${String(value)}`, metrics }
  }
  return { status: 'complete', value, metrics }
}
