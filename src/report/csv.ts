import type { StudyRecord, TrialRecord } from '../trial/types.js'
import { metricNames, paramNames, showsProposer } from './summary.js'

/** One row per trial, one column per parameter and per metric; inactive parameters are empty cells (RFC 4180 quoting). */
export function reportCsv(study: StudyRecord, trials: readonly TrialRecord[]): string {
  const params = paramNames(study, trials)
  const metrics = metricNames(trials)
  const proposer = showsProposer(study, trials)
  const header = [
    'number',
    'state',
    'value',
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
    ...params.map((p) => t.params[p]),
    ...metrics.map((m) => t.metrics[m]),
    t.startedAt,
    t.finishedAt,
    t.durationMs,
    t.error ? [t.error.reason, t.error.message].filter(Boolean).join(': ') : '',
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
