import type { StudyRecord, TrialRecord } from '../trial/types.js'
import { errorText } from './error-text.js'
import { studyDirections, studyMetrics } from '../trial/objectives.js'
import { metricNames, paramNames, showsProposer } from './summary.js'

/**
 * One row per trial, one column per parameter and per metric; inactive parameters are empty cells (RFC 4180 quoting).
 * A multi-objective study adds a `value_<metric>` column per objective after `value` (the first one's), and trials told
 * constraints a `constraint_<k>` column each; a single-objective study without them keeps its columns.
 */
export function reportCsv(study: StudyRecord, trials: readonly TrialRecord[]): string {
  const params = paramNames(study, trials)
  const metrics = metricNames(trials)
  const objectives = studyDirections(study).length > 1 ? studyMetrics(study) : []
  const constraints = Math.max(0, ...trials.map((t) => t.constraints?.length ?? 0))
  const proposer = showsProposer(study, trials)
  const header = [
    'number',
    'state',
    'value',
    ...objectives.map((m) => `value_${m}`),
    ...Array.from({ length: constraints }, (_, k) => `constraint_${k}`),
    ...params.map((p) => `param_${p}`),
    ...metrics.map((m) => `metric_${m}`),
    'started_at',
    'finished_at',
    'duration_ms',
    'error',
    ...(proposer ? ['strategy'] : []),
  ]
  const rows = trials.map((t) => [
    t.number,
    t.state,
    t.value,
    ...objectives.map((_, k) => t.values?.[k]),
    ...Array.from({ length: constraints }, (_, k) => t.constraints?.[k]),
    ...params.map((p) => t.params[p]),
    ...metrics.map((m) => t.metrics[m]),
    t.startedAt,
    t.finishedAt,
    t.durationMs,
    errorText(t.error),
    ...(proposer ? [t.strategy] : []),
  ])
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return ''
  let s = String(v)
  // A leading =, +, - or @ would run as a formula in a spreadsheet: quote it with an apostrophe, as OWASP advises.
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
