import { readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileError, type TunekitError, ValidationError } from '../errors.js'
import { createRng, deriveSeed, type Rng } from '../util/rng.js'
import type { Params } from '../space/types.js'
import { ajvIssues } from '../util/ajv-issues.js'
import { inlineValidator, PACKAGE_ROOT } from '../util/schemas.js'
import type { TrainerParam } from './types.js'

/** A numeric table: features row-major in one buffer, the last CSV column as the target. */
export interface Dataset {
  /** The file it was read from (absolute path). */
  readonly file: string
  readonly featureNames: readonly string[]
  readonly targetName: string
  readonly rows: number
  readonly features: number
  /** rows × features, row-major. */
  readonly x: Float64Array
  readonly y: Float64Array
}

/** The datasets shipped in `experiments/data/`, by name, with the task each one is for. */
export const SHIPPED_DATASETS = {
  iris: 'classification',
  breast_cancer: 'classification',
  digits: 'classification',
  diabetes: 'regression',
} as const satisfies Record<string, 'classification' | 'regression'>
/** The name of a shipped dataset. */
export type ShippedDataset = keyof typeof SHIPPED_DATASETS

/** Whether `name` is a shipped dataset (rather than a path). */
export function isShippedDataset(name: string): name is ShippedDataset {
  return Object.hasOwn(SHIPPED_DATASETS, name)
}

/** A shipped dataset name → its file in the package; anything else → a path relative to the process cwd. */
export function resolveDatasetPath(nameOrPath: string): string {
  if (isShippedDataset(nameOrPath)) return fileURLToPath(new URL(`experiments/data/${nameOrPath}.csv`, PACKAGE_ROOT))
  return resolve(process.cwd(), nameOrPath)
}

/** Parses a numeric CSV with a header row; errors name the file and the 1-based line. */
export function parseCsv(text: string, file: string): Dataset {
  const lines = text.split(/\r?\n/)
  let headerLine = 0
  while (headerLine < lines.length && lines[headerLine]!.trim() === '') headerLine++
  if (headerLine >= lines.length) throw csvError(file, 1, 'the file is empty; expected a header row and data rows')
  const header = lines[headerLine]!.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'))
  if (header.length < 2)
    throw csvError(file, headerLine + 1, `the header has ${header.length} column; expected at least one feature and a target (the last column)`)
  const width = header.length
  const features = width - 1
  const xs: number[] = []
  const ys: number[] = []
  for (let l = headerLine + 1; l < lines.length; l++) {
    const line = lines[l]!
    // Blank lines (typically the trailing newline) carry no row.
    if (line.trim() === '') continue
    const cells = line.split(',')
    if (cells.length !== width)
      throw csvError(file, l + 1, `the row has ${cells.length} cells but the header has ${width}; every row needs one value per column`)
    for (let c = 0; c < width; c++) {
      const cell = cells[c]!.trim()
      const v = cell === '' ? NaN : Number(cell)
      if (!Number.isFinite(v)) throw csvError(file, l + 1, `column "${header[c]}" holds ${JSON.stringify(cell)}, which is not a finite number`)
      if (c < features) xs.push(v)
      else ys.push(v)
    }
  }
  if (ys.length === 0) throw csvError(file, headerLine + 1, 'the file has a header but no data rows')
  return {
    file,
    featureNames: header.slice(0, features),
    targetName: header[features]!,
    rows: ys.length,
    features,
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
  }
}

function csvError(file: string, line: number, message: string): TunekitError {
  return new ValidationError('INVALID_ARGUMENT', `${file}:${line}: ${message}`, { file })
}

// A sweep calls a trainer many times per worker: parse each file once, re-reading only if it changed.
const cache = new Map<string, { mtimeMs: number; size: number; data: Dataset }>()

/** Loads a CSV dataset (a shipped name or a path); cached per process until the file changes. */
export function loadDataset(nameOrPath: string): Dataset {
  const file = resolveDatasetPath(nameOrPath)
  let st: ReturnType<typeof statSync>
  try {
    st = statSync(file)
  } catch (cause) {
    const hint = isShippedDataset(nameOrPath)
      ? ' (a shipped dataset: is experiments/data/ present in the package?)'
      : ` (resolved against ${process.cwd()}; shipped datasets: ${Object.keys(SHIPPED_DATASETS).join(', ')})`
    throw new FileError('FILE_NOT_FOUND', `${file}: dataset file not found${hint}`, { file, cause })
  }
  const hit = cache.get(file)
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.data
  const data = parseCsv(readFileSync(file, 'utf8'), file)
  cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, data })
  return data
}

/** Row indices of a train/validation split. */
export interface Split {
  readonly train: Uint32Array
  readonly validation: Uint32Array
}

/**
 * A seeded random split. With `strata` (class labels), each class is split in the same proportion, so a small
 * validation set still holds every class. The validation set gets at least one row and leaves at least one for training.
 */
export function splitIndices(rows: number, validationFraction: number, rng: Rng, strata?: ArrayLike<number>): Split {
  if (rows < 2) throw new ValidationError('INVALID_ARGUMENT', `a train/validation split needs at least 2 rows, got ${rows}`)
  if (!(validationFraction > 0 && validationFraction < 1))
    throw new ValidationError('INVALID_ARGUMENT', `validationFraction must be in (0, 1), got ${validationFraction}`)
  const groups = new Map<number, number[]>()
  for (let i = 0; i < rows; i++) {
    const key = strata ? strata[i]! : 0
    let g = groups.get(key)
    if (!g) {
      g = []
      groups.set(key, g)
    }
    g.push(i)
  }
  const train: number[] = []
  const validation: number[] = []
  // Sorted keys: the split must not depend on the order classes first appear in.
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(key)!
    shuffle(g, rng)
    const nVal = Math.round(g.length * validationFraction)
    for (let i = 0; i < g.length; i++) (i < nVal ? validation : train).push(g[i]!)
  }
  // Rounding per class can empty either side on tiny data; move one row across to keep both usable.
  if (validation.length === 0) validation.push(train.pop()!)
  if (train.length === 0) train.push(validation.pop()!)
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) }
}

/** Fisher–Yates, in place. */
export function shuffle(a: { length: number; [i: number]: number }, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const t = a[i]!
    a[i] = a[j]!
    a[j] = t
  }
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  // 1 - u keeps the logarithm's argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
}

/** Per-column mean and scale (population standard deviation; 1 for a constant column, so it maps to 0 not NaN). */
export interface Scaler {
  readonly mean: Float64Array
  readonly scale: Float64Array
}

/** Fits a scaler on the given rows only (the training split), never on the rows it will be used to judge. */
export function fitScaler(x: Float64Array, columns: number, rows: ArrayLike<number>): Scaler {
  const mean = new Float64Array(columns)
  const scale = new Float64Array(columns)
  const n = rows.length
  for (let r = 0; r < n; r++) {
    const off = rows[r]! * columns
    for (let c = 0; c < columns; c++) mean[c]! += x[off + c]!
  }
  for (let c = 0; c < columns; c++) mean[c]! /= n
  for (let r = 0; r < n; r++) {
    const off = rows[r]! * columns
    for (let c = 0; c < columns; c++) {
      const d = x[off + c]! - mean[c]!
      scale[c]! += d * d
    }
  }
  for (let c = 0; c < columns; c++) {
    const sd = Math.sqrt(scale[c]! / n)
    scale[c] = sd > 1e-12 ? sd : 1
  }
  return { mean, scale }
}

/** Copies the given rows into a new buffer, standardised with `scaler` when given. */
export function takeRows(x: Float64Array, columns: number, rows: ArrayLike<number>, scaler?: Scaler): Float64Array {
  const out = new Float64Array(rows.length * columns)
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r]! * columns
    const dst = r * columns
    for (let c = 0; c < columns; c++) {
      const v = x[src + c]!
      out[dst + c] = scaler ? (v - scaler.mean[c]!) / scaler.scale[c]! : v
    }
  }
  return out
}

/** A dataset split and standardised, ready to train on. */
export interface PreparedData {
  readonly features: number
  readonly trainIndex: Uint32Array
  readonly validationIndex: Uint32Array
  /** Standardised with `featureScaler` (fitted on the training rows). */
  readonly xTrain: Float64Array
  readonly xVal: Float64Array
  /** Raw targets, or standardised with `targetScaler` when `standardizeTarget` was set. */
  readonly yTrain: Float64Array
  readonly yVal: Float64Array
  readonly featureScaler: Scaler
  readonly targetScaler: Scaler | undefined
}

export interface PrepareOptions {
  readonly seed: number
  readonly validationFraction: number
  /** Split each class in proportion (classification). */
  readonly stratify: boolean
  /** Standardise the target too (regression), with training statistics. */
  readonly standardizeTarget: boolean
}

/** Seeded split, then standardisation fitted on the training split only and applied to both splits. */
export function prepareData(data: Dataset, options: PrepareOptions): PreparedData {
  const split = splitIndices(data.rows, options.validationFraction, createRng(deriveSeed(options.seed, 'split')), options.stratify ? data.y : undefined)
  const featureScaler = fitScaler(data.x, data.features, split.train)
  const targetScaler = options.standardizeTarget ? fitScaler(data.y, 1, split.train) : undefined
  return {
    features: data.features,
    trainIndex: split.train,
    validationIndex: split.validation,
    xTrain: takeRows(data.x, data.features, split.train, featureScaler),
    xVal: takeRows(data.x, data.features, split.validation, featureScaler),
    yTrain: takeRows(data.y, 1, split.train, targetScaler),
    yVal: takeRows(data.y, 1, split.validation, targetScaler),
    featureScaler,
    targetScaler,
  }
}

/** Checks a trainer's options against its schema; throws INVALID_OPTIONS naming every problem. */
export function checkOptions(trainer: string, schema: object, options: Readonly<Record<string, unknown>>): void {
  const validate = inlineValidator(schema)
  if (validate(options)) return
  const issues = ajvIssues(validate.errors)
  throw new ValidationError(
    'INVALID_OPTIONS',
    `invalid options for trainer "${trainer}": ${issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ')}`,
    { issues },
  )
}

/** The parameters of a run: the trainer's defaults overlaid with what the space chose. */
export function withDefaults(defaults: Readonly<Record<string, TrainerParam>>, params: Params): Params {
  const out: Params = {}
  for (const [name, p] of Object.entries(defaults)) out[name] = p.default
  return Object.assign(out, params)
}

function paramError(name: string, value: unknown, rule: string): TunekitError {
  return new ValidationError('INVALID_ARGUMENT', `parameter "${name}" is ${JSON.stringify(value)}; it must be ${rule}`)
}

/** A finite number parameter with inclusive/exclusive bounds checked by `ok`; `rule` says the bound in words. */
export function numberParam(params: Params, name: string, ok: (v: number) => boolean, rule: string): number {
  const v = params[name]
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw paramError(name, v, rule)
  return v
}

/** An integer parameter ≥ min; a float from a continuous axis is rounded rather than refused. */
export function intParam(params: Params, name: string, min: number): number {
  const v = params[name]
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.round(v) < min) throw paramError(name, v, `an integer ≥ ${min}`)
  return Math.round(v)
}

/** A categorical parameter that must be one of `choices`. */
export function choiceParam<T extends string>(params: Params, name: string, choices: readonly T[]): T {
  const v = params[name]
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v))
    throw paramError(name, v, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`)
  return v as T
}
