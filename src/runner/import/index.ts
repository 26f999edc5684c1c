import { extname } from 'node:path'
import { FileError, ValidationError } from '../../errors.js'
import type { Experiment } from '../../experiment/types.js'
import { checkParams } from '../../space/check-params.js'
import { chooseStudy } from '../../storage/choose.js'
import { openStorage } from '../../storage/index.js'
import { openStorageWaiting } from '../../storage/wait.js'
import { newStudyRecord, openStudy } from '../../study/open.js'
import type { TrialOutcome } from '../../trial/outcome.js'
import type { IntermediateValue, TrialError, TrialRecord } from '../../trial/types.js'
import { readTextFile } from '../../util/json-file.js'
import { deriveSeed } from '../../util/rng.js'
import { sweepStudySpec } from '../study-spec.js'
import { csvRows, type ImportRow, jsonlRows, storeRows } from './rows.js'

export interface ImportOptions {
  readonly waitSeconds: number
  /** Import the valid rows and list the others, instead of importing nothing when any is invalid. */
  readonly skipInvalid?: boolean
}

export interface ImportResult {
  /** The numbers the imported trials got in the experiment's study. */
  readonly numbers: readonly number[]
  readonly rejected: readonly { readonly where: string; readonly reason: string }[]
  /** Whether numbers and timestamps were kept (a new study), or the trials were appended with new ones. */
  readonly kept: boolean
}

/** A finished trial ready to be written: everything but the number it gets. */
type Checked = Omit<TrialRecord, 'number' | 'seed' | 'strategy'> & { readonly from?: number }

/**
 * Adds finished trials from a CSV file (as `report --format csv` writes), a JSON-lines file (a trial per line, as
 * `report --format json` lists them) or another store to the experiment's study. Every row is checked first (state,
 * value, params against the space); any rejected row means nothing is imported, unless skipInvalid. Into a study
 * the store does not hold yet, trials go in one atomic write with their numbers and timestamps (so a report's CSV
 * imports back unchanged); into an existing one they are appended with new numbers, started and finished now.
 */
export async function importTrials(exp: Experiment, source: string, options: ImportOptions): Promise<ImportResult> {
  const { rows, problems } = await readSource(exp, source)
  const rejected = problems.map((p) => ({ where: p.split(':')[0]!, reason: p.slice(p.indexOf(':') + 1).trim() }))
  const good: Checked[] = []
  const seen = new Set<number>()
  for (const row of rows) {
    const r = checkRow(exp, row)
    if (typeof r === 'string') rejected.push({ where: row.where, reason: r })
    else if (r.from !== undefined && seen.has(r.from)) rejected.push({ where: row.where, reason: `trial number ${r.from} appears twice` })
    else {
      if (r.from !== undefined) seen.add(r.from)
      good.push(r)
    }
  }
  if (rejected.length > 0 && !options.skipInvalid) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `${source}: ${rejected.length} of ${rows.length + problems.length} rows rejected; nothing was imported (--skip-invalid imports the others)`,
      {
        file: source,
        issues: rejected.map((r) => ({ path: r.where, message: r.reason })),
      },
    )
  }
  const storage = await openStorageWaiting(exp.storage, options.waitSeconds)
  try {
    const spec = sweepStudySpec(exp, storage)
    if (!(await storage.getStudy(exp.name)) && storage.importStudy) {
      const record = newStudyRecord(spec)
      const keep = good.every((g) => g.from !== undefined)
      const trials = good
        .map((g, i) => ({ g, number: keep ? g.from! : i }))
        .sort((a, b) => a.number - b.number)
        .map(({ g, number }) => toRecord(g, number, record.seed))
      await storage.importStudy(record, trials)
      return { numbers: trials.map((t) => t.number), rejected, kept: true }
    }
    const study = await openStudy(spec)
    try {
      const numbers: number[] = []
      for (const g of good) {
        const last = study.trials.at(-1)?.number ?? -1
        const t = await storage.createTrial(exp.name, { params: g.params, seed: deriveSeed(study.record.seed, 'trial', last + 1), strategy: 'imported' })
        for (const x of g.intermediate) await storage.reportIntermediate(exp.name, t.number, x.step, x.value)
        await storage.finishTrial(exp.name, t.number, outcome(g))
        await study.refresh()
        numbers.push(t.number)
      }
      await study.flush()
      return { numbers, rejected, kept: false }
    } finally {
      await study.close()
    }
  } finally {
    await storage.close()
  }
}

async function readSource(exp: Experiment, source: string): Promise<{ rows: ImportRow[]; problems: string[] }> {
  const ext = extname(source).toLowerCase()
  if (ext === '.csv') return csvRows(readTextFile(source, 'CSV file'), exp.space)
  if (ext === '.jsonl' || ext === '.ndjson') return jsonlRows(readTextFile(source, 'JSON-lines file'))
  const storage = await openStorage(source, { readonly: true }).catch((e: unknown) => {
    if (e instanceof FileError)
      throw new FileError('FILE_NOT_FOUND', `${source}: no such store (import reads FILE.csv, FILE.jsonl, a store file or a PostgreSQL URL)`, { file: source })
    throw e
  })
  try {
    const studies = await storage.listStudies()
    const name = studies.some((s) => s.name === exp.name) && studies.length > 1 ? exp.name : undefined
    const study = chooseStudy(studies, name, source)
    return { rows: storeRows(await storage.getTrials(study.name)), problems: [] }
  } finally {
    await storage.close()
  }
}

/** A row as a finished trial of this experiment, or why it cannot be one. */
function checkRow(exp: Experiment, row: ImportRow): Checked | string {
  const state = row.state
  if (state !== 'complete' && state !== 'pruned' && state !== 'fail') {
    return state === 'running' || state === 'waiting'
      ? `state "${state}": only finished trials (complete, pruned, fail) are imported`
      : `state ${JSON.stringify(state)} is not complete, pruned or fail`
  }
  const value = row.value
  if (state === 'complete' && (typeof value !== 'number' || !Number.isFinite(value)))
    return `a complete trial needs a finite value, not ${JSON.stringify(value)}`
  if (state === 'pruned' && value !== null && (typeof value !== 'number' || !Number.isFinite(value)))
    return `value ${JSON.stringify(value)} is not a finite number`
  const checked = checkParams(exp.space, row.params as Record<string, never>)
  if (checked.problems.length > 0) return `params: ${checked.problems.join('; ')}`
  const metrics: Record<string, number> = {}
  for (const [k, v] of Object.entries(row.metrics)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return `metric "${k}" is ${JSON.stringify(v)}, not a finite number`
    metrics[k] = v
  }
  const intermediate = Array.isArray(row.intermediate) ? (row.intermediate as IntermediateValue[]) : []
  if (intermediate.some((x) => typeof x?.step !== 'number' || typeof x?.value !== 'number')) return 'intermediate: each entry needs a numeric step and value'
  if (row.number !== undefined && (!Number.isInteger(row.number) || row.number < 0)) return `number ${row.number} is not an integer >= 0`
  const time = (v: unknown): string | null | undefined =>
    v === null || v === undefined ? null : typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : undefined
  const startedAt = time(row.startedAt)
  const finishedAt = time(row.finishedAt)
  if (startedAt === undefined || finishedAt === undefined) return 'started_at / finished_at must be ISO 8601 times'
  const durationMs = typeof row.durationMs === 'number' && Number.isFinite(row.durationMs) ? row.durationMs : null
  const error: TrialError | null =
    state === 'fail' ? (isError(row.error) ? row.error : { reason: typeof row.error === 'string' ? row.error : 'imported' }) : null
  return {
    ...(row.number !== undefined ? { from: row.number } : {}),
    state,
    params: checked.params,
    value: state === 'fail' ? null : ((value as number | null) ?? null),
    metrics,
    intermediate,
    startedAt,
    finishedAt,
    durationMs,
    error,
  }
}

function isError(x: unknown): x is TrialError {
  return typeof x === 'object' && x !== null && typeof (x as { reason?: unknown }).reason === 'string'
}

function toRecord(g: Checked, number: number, seed: number): TrialRecord {
  const { from: _from, ...rest } = g
  return { ...rest, number, seed: deriveSeed(seed, 'trial', number), strategy: 'imported' }
}

function outcome(g: Checked): TrialOutcome {
  if (g.state === 'fail') return { state: 'fail', error: g.error ?? { reason: 'imported' }, metrics: g.metrics }
  if (g.state === 'pruned') return { state: 'pruned', value: g.value, metrics: g.metrics }
  return { state: 'complete', value: g.value!, metrics: g.metrics }
}
