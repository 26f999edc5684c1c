import type { Metrics, TrialError } from './types.js'

/**
 * How a trial ended: the one shape that travels from whoever ran it (an executor, an objective) through the study to
 * the store. A pruned trial's value is its last intermediate value (the study fills it in when absent).
 */
export type TrialOutcome =
  | {
      readonly state: 'complete'
      /** The objective value (multi-objective: the first one's). */
      readonly value: number
      /** Every objective's value (multi-objective studies only). */
      readonly values?: readonly number[]
      /** Constraint values, feasible when each is <= 0. */
      readonly constraints?: readonly number[]
      readonly metrics?: Readonly<Metrics>
    }
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

/**
 * Complete with one finite value per objective (and finite constraint values, when given); a wrong count or a NaN or
 * an infinity fails the trial instead, saying so. A single-objective study (`objectives` 1) keeps only `value`.
 */
export function valuesOutcome(values: unknown, objectives: number, constraints?: unknown, metrics?: Readonly<Metrics>): TrialOutcome {
  const extra = metrics ? { metrics } : {}
  const list = typeof values === 'number' ? [values] : values
  if (!Array.isArray(list) || list.length !== objectives) {
    const got = Array.isArray(list) ? `${list.length} value${list.length === 1 ? '' : 's'}` : String(list)
    return failed('wrong number of values', `the study has ${objectives} objective${objectives === 1 ? '' : 's'} but was told ${got}`, extra)
  }
  const bad = list.find((v) => typeof v !== 'number' || !Number.isFinite(v))
  if (bad !== undefined || list.some((v) => typeof v !== 'number')) return failed('non-finite value', `the objective returned ${String(bad)}`, extra)
  let cons: number[] | undefined
  if (constraints !== undefined) {
    if (!Array.isArray(constraints)) return failed('invalid constraints', `constraints must be a list of numbers, not ${String(constraints)}`, extra)
    const badC = constraints.find((v) => typeof v !== 'number' || Number.isNaN(v))
    if (badC !== undefined || constraints.some((v) => typeof v !== 'number')) return failed('non-finite value', `a constraint value was ${String(badC)}`, extra)
    cons = constraints as number[]
  }
  const nums = list as number[]
  return {
    state: 'complete',
    value: nums[0]!,
    ...(objectives > 1 ? { values: [...nums] } : {}),
    ...(cons ? { constraints: [...cons] } : {}),
    ...extra,
  }
}

/**
 * How the objectives and constraints of an experiment turn a run's final metrics into values: each objective metric
 * must be reported; a `{ metric, max }` constraint is `metric - max` (feasible when <= 0), `{ metric, min }` is `min - metric`.
 */
export interface MetricObjectives {
  readonly metrics: readonly string[]
  readonly constraints?: readonly MetricConstraint[]
}

export type MetricConstraint = { readonly metric: string; readonly max: number } | { readonly metric: string; readonly min: number }

/** The constraint value of one metric constraint (feasible when <= 0). */
export function constraintValue(c: MetricConstraint, metrics: Readonly<Metrics>): number {
  const v = metrics[c.metric]
  if (typeof v !== 'number' || Number.isNaN(v)) return Number.POSITIVE_INFINITY
  return 'max' in c ? v - c.max : c.min - v
}

/** A run's complete outcome (from its first objective) with every objective's value and the constraints filled in. */
export function withObjectives(o: TrialOutcome, objectives: MetricObjectives): TrialOutcome {
  if (o.state !== 'complete' || (objectives.metrics.length <= 1 && !objectives.constraints?.length)) return o
  const metrics = o.metrics ?? {}
  for (const m of objectives.metrics) {
    if (!Object.hasOwn(metrics, m))
      return failed('no objective reported', `the trainer reported ${Object.keys(metrics).join(', ') || 'nothing'} but not "${m}"`, { metrics })
  }
  for (const c of objectives.constraints ?? []) {
    if (!Object.hasOwn(metrics, c.metric))
      return failed('no constraint metric reported', `the trainer reported ${Object.keys(metrics).join(', ') || 'nothing'} but not "${c.metric}"`, { metrics })
  }
  const constraints = objectives.constraints?.length ? objectives.constraints.map((c) => constraintValue(c, metrics)) : undefined
  return valuesOutcome(
    objectives.metrics.map((m) => metrics[m]),
    objectives.metrics.length,
    constraints,
    metrics,
  )
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

/** The objective values a store records (multi-objective complete trials only). */
export function outcomeValues(o: TrialOutcome): readonly number[] | undefined {
  return o.state === 'complete' ? o.values : undefined
}

/** The constraint values a store records (when the result carried them). */
export function outcomeConstraints(o: TrialOutcome): readonly number[] | undefined {
  return o.state === 'complete' ? o.constraints : undefined
}

/** The error a store records for an outcome (null unless it failed). */
export function outcomeError(o: TrialOutcome): TrialError | null {
  return o.state === 'fail' ? o.error : null
}
