import type { Metrics } from '../../trainers/types.js'
import type { ReportEvent } from '../types.js'

/**
 * A stdout line as a report, or undefined when it is a log line. A report is a line holding one JSON
 * object; its finite numeric fields are the metrics (`step` excepted: it is where the report sits, not a
 * measurement), and an integer `step` makes it an intermediate value. `raw` keeps every field so the
 * objective can be told apart when it is present but not a number.
 */
export function parseReport(line: string): { event: ReportEvent; raw: Record<string, unknown> } | undefined {
  const text = line.trim()
  // Cheap test first: most log lines are not JSON, and JSON.parse on them would throw.
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  const raw = parsed as Record<string, unknown>
  const metrics: Metrics = {}
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'step' && typeof value === 'number' && Number.isFinite(value)) metrics[key] = value
  }
  const step = raw['step']
  const event: ReportEvent = Number.isInteger(step) ? { step: step as number, metrics } : { metrics }
  return { event, raw }
}

/** What the reports of one run add up to. */
export class ReportLog {
  /** Every report's metrics merged, later reports winning. */
  readonly metrics: Metrics = {}
  private objectiveSeen = false
  private objective: unknown

  constructor(private readonly metric: string) {}

  add(raw: Record<string, unknown>, metrics: Metrics): void {
    Object.assign(this.metrics, metrics)
    if (Object.prototype.hasOwnProperty.call(raw, this.metric)) {
      this.objectiveSeen = true
      this.objective = raw[this.metric]
    }
  }

  /** The trial's value: the objective in the last report that had the key, judged as reported. */
  value(): { kind: 'ok'; value: number } | { kind: 'missing' } | { kind: 'non-finite'; raw: unknown } {
    if (!this.objectiveSeen) return { kind: 'missing' }
    const v = this.objective
    return typeof v === 'number' && Number.isFinite(v) ? { kind: 'ok', value: v } : { kind: 'non-finite', raw: v }
  }
}
