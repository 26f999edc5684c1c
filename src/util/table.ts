import { escapeControl } from './text.js'

/** Formats rows as an aligned plain-text table (numbers right-aligned); control characters in cells are escaped. */
export function formatTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((r) => headers.map((_, i) => formatCell(r[i])))
  const shownHeaders = headers.map((h) => escapeControl(h))
  const widths = shownHeaders.map((h, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), h.length))
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === undefined || r[i] === null || r[i] === '' || typeof r[i] === 'number'))
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(shownHeaders), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')
}

/** A value as a table cell: short numbers, empty for missing, control characters (and line breaks) escaped. */
export function formatCell(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'number') return formatNumber(v)
  return escapeControl(String(v))
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  if (Number.isInteger(v)) return String(v)
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3)
  return String(Number(v.toPrecision(5)))
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?'
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}
