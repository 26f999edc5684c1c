import type { Param, Params, ParamValue, SearchSpace } from '../../space/types.js'
import type { Metrics, TrialError, TrialRecord } from '../../trial/types.js'
import { parseCsv, unquoteFormula } from './csv.js'

/** One trial as a file or store gives it, before it is checked; `where` names it in messages ("line 4", "trial 7"). */
export interface ImportRow {
  readonly where: string
  readonly number?: number
  readonly state: unknown
  readonly value: unknown
  readonly params: Readonly<Record<string, unknown>>
  readonly metrics: Readonly<Record<string, unknown>>
  readonly intermediate?: unknown
  readonly startedAt?: unknown
  readonly finishedAt?: unknown
  readonly durationMs?: unknown
  readonly error?: unknown
}

/** Rows of the CSV that `tunekit report --format csv` writes; cells typed by the space (a categorical's choice by its text). */
export function csvRows(text: string, space: SearchSpace): { rows: ImportRow[]; problems: string[] } {
  const [head, ...body] = parseCsv(text)
  if (!head) return { rows: [], problems: ['the file is empty'] }
  const h = head.cells
  const missing = ['state', 'value'].filter((c) => !h.includes(c))
  if (missing.length > 0) return { rows: [], problems: [`line 1: no column ${missing.join(', ')}: expected the header of tunekit report --format csv`] }
  const rows = body.map(({ line, cells }): ImportRow => {
    const get = (name: string): string | undefined => {
      const i = h.indexOf(name)
      const v = i < 0 ? undefined : cells[i]
      return v === undefined || v === '' ? undefined : unquoteFormula(v)
    }
    const params: Record<string, unknown> = {}
    const metrics: Record<string, unknown> = {}
    h.forEach((col, i) => {
      const cell = cells[i]
      if (cell === undefined || cell === '') return
      if (col.startsWith('param_')) params[col.slice(6)] = typed(space.byName.get(col.slice(6)), unquoteFormula(cell))
      else if (col.startsWith('metric_')) metrics[col.slice(7)] = Number(cell)
    })
    const error = get('error')
    const number = get('number')
    return {
      where: `line ${line}`,
      ...(number !== undefined ? { number: Number(number) } : {}),
      state: get('state'),
      value: get('value') === undefined ? null : Number(get('value')),
      params,
      metrics,
      startedAt: get('started_at') ?? null,
      finishedAt: get('finished_at') ?? null,
      durationMs: get('duration_ms') === undefined ? null : Number(get('duration_ms')),
      error: error === undefined ? null : splitError(error),
    }
  })
  return { rows, problems: [] }
}

/** One JSON object per line: a trial as `tunekit report --format json` lists them ({params, value, state?, metrics?, ...}). */
export function jsonlRows(text: string): { rows: ImportRow[]; problems: string[] } {
  const rows: ImportRow[] = []
  const problems: string[] = []
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() === '') return
    let x: unknown
    try {
      x = JSON.parse(l)
    } catch (e) {
      problems.push(`line ${i + 1}: not JSON (${(e as Error).message})`)
      return
    }
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      problems.push(`line ${i + 1}: not a JSON object`)
      return
    }
    const o = x as Record<string, unknown>
    rows.push({
      where: `line ${i + 1}`,
      ...(typeof o.number === 'number' ? { number: o.number } : {}),
      state: o.state ?? (o.value !== undefined && o.value !== null ? 'complete' : undefined),
      value: o.value ?? null,
      params: isObject(o.params) ? o.params : {},
      metrics: isObject(o.metrics) ? o.metrics : {},
      intermediate: o.intermediate,
      startedAt: o.startedAt ?? null,
      finishedAt: o.finishedAt ?? null,
      durationMs: o.durationMs ?? null,
      error: o.error ?? null,
    })
  })
  return { rows, problems }
}

/** A stored study's trials as rows. */
export function storeRows(trials: readonly TrialRecord[]): ImportRow[] {
  return trials.map((t) => ({ ...t, where: `trial ${t.number}` }))
}

/** A CSV cell as the parameter's type: a number for float and int, the choice whose text it is for a categorical. */
function typed(p: Param | undefined, cell: string): ParamValue {
  if (!p) return cell
  switch (p.type) {
    case 'float':
    case 'int':
      return cell.trim() === '' || Number.isNaN(Number(cell)) ? cell : Number(cell)
    case 'categorical':
      return p.choices.find((c) => String(c) === cell) ?? cell
    case 'constant':
      return String(p.value) === cell ? p.value : cell
  }
}

/** report csv writes an error as "reason: message". */
function splitError(cell: string): TrialError {
  const i = cell.indexOf(': ')
  return i < 0 ? { reason: cell } : { reason: cell.slice(0, i), message: cell.slice(i + 2) }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

export type { Metrics, Params }
