import type { Metrics, TrialError } from './types.js'

/**
 * How a trial ended: the one shape that travels from whoever ran it (an executor, an objective) through the study to
 * the store. A pruned trial's value is its last intermediate value (the study fills it in when absent).
 */
export type TrialOutcome =
  | { readonly state: 'complete'; readonly value: number; readonly metrics?: Readonly<Metrics> }
  | { readonly state: 'pruned'; readonly value?: number | null; readonly metrics?: Readonly<Metrics> }
  | { readonly state: 'fail'; readonly error: TrialError; readonly metrics?: Readonly<Metrics> }

/** A failed outcome with a short reason and, optionally, what to tell the user and the logs' tails. */
export function failed(reason: string, message?: string, extra: Omit<TrialError, 'reason' | 'message'> & { metrics?: Readonly<Metrics> } = {}): TrialOutcome {
  const { metrics, ...tails } = extra
  return { state: 'fail', error: { reason, ...(message !== undefined ? { message } : {}), ...tails }, ...(metrics ? { metrics } : {}) }
}

/** Complete with a finite value; a NaN or an infinity fails the trial instead, saying so. */
export function valueOutcome(value: unknown, metrics?: Readonly<Metrics>): TrialOutcome {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return failed('non-finite value', `the objective returned ${String(value)}`, metrics ? { metrics } : {})
  return { state: 'complete', value, ...(metrics ? { metrics } : {}) }
}

/** A finished run's outcome from its final metrics: complete with a finite objective value, or fail saying why not. */
export function outcomeFromMetrics(metrics: Readonly<Metrics>, metric: string): TrialOutcome {
  if (!Object.hasOwn(metrics, metric)) {
    return failed('no objective reported', `the trainer reported ${Object.keys(metrics).join(', ') || 'nothing'} but not "${metric}"`, { metrics })
  }
  const value = metrics[metric]
  if (typeof value !== 'number' || !Number.isFinite(value)) return failed('non-finite value', `"${metric}" was ${String(value)}`, { metrics })
  return { state: 'complete', value, metrics }
}

/** The value a store records for an outcome: a complete trial's value, a pruned one's last value, else null. */
export function outcomeValue(o: TrialOutcome): number | null {
  return o.state === 'fail' ? null : (o.value ?? null)
}

/** The error a store records for an outcome (null unless it failed). */
export function outcomeError(o: TrialOutcome): TrialError | null {
  return o.state === 'fail' ? o.error : null
}
