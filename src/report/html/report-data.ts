import type { ParamSpec } from '../../space/types.js'
import type { StudyRecord, TrialRecord } from '../../trial/types.js'
import { completeValue } from '../curves.js'
import { isBetter } from '../../trial/best.js'
import type { Importance } from '../importance/ped-anova.js'
import { metricNames, paramNames, showsProposer } from '../summary.js'

/**
 * What the report page draws from, in columns (one array per field, trials in number order) so that a
 * thousand trials cost a few hundred kilobytes, not the store's size again.
 */
export interface ReportData {
  readonly kind: 'report'
  readonly study: { readonly name: string; readonly direction: StudyRecord['direction']; readonly metric: string; readonly strategy: string }
  readonly trials: {
    readonly number: readonly number[]
    readonly state: readonly string[]
    readonly value: readonly (number | null)[]
    /** The best complete value among trials up to this number. */
    readonly best: readonly (number | null)[]
    readonly durationMs: readonly (number | null)[]
    readonly error: readonly (string | null)[]
    /** Who proposed each trial (auto's choice, "enqueued"), or null when every trial came from the study's strategy. */
    readonly strategy: readonly string[] | null
  }
  readonly params: readonly ReportParam[]
  /** Metrics other than the objective. */
  readonly metrics: readonly { readonly name: string; readonly values: readonly (number | null)[] }[]
  /** The trials that reported steps. */
  readonly intermediate: readonly { readonly trial: number; readonly state: string; readonly steps: readonly number[]; readonly values: readonly number[] }[]
  readonly bestTrial: number | null
  readonly importance: Importance
}

export interface ReportParam {
  readonly name: string
  /** How to draw it: on a linear or log axis, as columns of categories, or not at all (a constant). */
  readonly axis: 'linear' | 'log' | 'category' | 'none'
  /** For category axes: the choices as text, in the space's order. */
  readonly categories: readonly string[] | null
  /** Per trial: the value (categories as text), null where the parameter was inactive. */
  readonly values: readonly (number | string | null)[]
}

export function reportData(study: StudyRecord, trials: readonly TrialRecord[], importance: Importance): ReportData {
  const sorted = [...trials].sort((a, b) => a.number - b.number)
  let best: number | null = null
  let bestTrial: number | null = null
  const bests = sorted.map((t) => {
    const v = completeValue(t)
    if (v !== null && (best === null || isBetter(v, best, study.direction))) {
      best = v
      bestTrial = t.number
    }
    return best
  })
  return {
    kind: 'report',
    study: { name: study.name, direction: study.direction, metric: study.metric, strategy: study.strategy.name },
    trials: {
      number: sorted.map((t) => t.number),
      state: sorted.map((t) => t.state),
      value: sorted.map((t) => (t.value !== null && Number.isFinite(t.value) ? t.value : null)),
      best: bests,
      durationMs: sorted.map((t) => t.durationMs),
      error: sorted.map((t) => (t.error ? [t.error.reason, t.error.message].filter(Boolean).join(': ') : null)),
      strategy: showsProposer(study, sorted) ? sorted.map((t) => t.strategy) : null,
    },
    params: paramNames(study, sorted).map((name) => reportParam(name, study.space.parameters[name], sorted)),
    metrics: metricNames(sorted)
      .filter((m) => m !== study.metric)
      .map((name) => ({ name, values: sorted.map((t) => (Number.isFinite(t.metrics[name]) ? t.metrics[name]! : null)) })),
    intermediate: sorted
      .filter((t) => t.intermediate.length > 0)
      .map((t) => ({ trial: t.number, state: t.state, steps: t.intermediate.map((s) => s.step), values: t.intermediate.map((s) => s.value) })),
    bestTrial,
    importance,
  }
}

function reportParam(name: string, spec: ParamSpec | undefined, trials: readonly TrialRecord[]): ReportParam {
  const raw = trials.map((t) => (Object.hasOwn(t.params, name) ? t.params[name]! : null))
  const present = raw.filter((v) => v !== null)
  const numeric = present.every((v) => typeof v === 'number' && Number.isFinite(v))
  if (spec?.type === 'constant') return { name, axis: 'none', categories: null, values: raw.map((v) => (v === null ? null : String(v))) }
  if (spec?.type === 'categorical' || !numeric) {
    const categories = (spec?.type === 'categorical' ? spec.choices : []).map(String)
    for (const v of present) if (!categories.includes(String(v))) categories.push(String(v))
    return { name, axis: 'category', categories, values: raw.map((v) => (v === null ? null : String(v))) }
  }
  const log = (spec?.type === 'float' || spec?.type === 'int') && spec.log === true && present.every((v) => (v as number) > 0)
  return { name, axis: log ? 'log' : 'linear', categories: null, values: raw as (number | null)[] }
}
