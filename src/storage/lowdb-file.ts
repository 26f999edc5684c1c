import { rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { TextFile } from 'lowdb/node'
import { StoreError, type TunekitError } from '../errors.js'
import { isFinished, TRIAL_STATES } from '../trial/state.js'
import type { TrialRecord } from '../trial/types.js'
import type { StoreData } from './state.js'

/**
 * lowdb adapter for a trial store: JSON with one trial per line, written atomically by lowdb's TextFile
 * (steno: temporary file + rename). Finished trials never change, so their JSON is cached by identity and
 * a rewrite of the whole file costs a string join, not a re-serialisation of every trial.
 */
export class TrialStoreFile implements Adapter<StoreData> {
  private readonly file: TextFile
  private readonly cache = new WeakMap<TrialRecord, string>()

  constructor(readonly path: string) {
    this.file = new TextFile(path)
  }

  async read(): Promise<StoreData | null> {
    let text: string | null
    try {
      text = await this.file.read()
    } catch (e) {
      throw new StoreError(
        'STORE_UNREADABLE',
        `${this.path}: cannot read the store (${(e as NodeJS.ErrnoException).code ?? String(e)}); check its permissions`,
        { file: this.path, cause: e },
      )
    }
    if (text === null) return null
    return parseStore(text, this.path)
  }

  /** Writes atomically; a failed write (a full disk, say) removes its temporary file and says what to do. */
  async write(data: StoreData): Promise<void> {
    try {
      await this.file.write(this.serialise(data))
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === undefined) throw e
      // steno's temporary file, beside the store: a full disk must not leave it behind.
      await rm(join(dirname(this.path), `.${basename(this.path)}.tmp`), { force: true }).catch(() => undefined)
      const fix =
        code === 'ENOSPC' || code === 'EDQUOT'
          ? 'no space left on the device; free some space and run the same command again to resume'
          : 'check that its folder exists and is writable, then run the same command again to resume'
      throw new StoreError('STORE_FAILED', `${this.path}: cannot write the store (${code}): ${fix}`, { file: this.path, cause: e })
    }
  }

  serialise(data: StoreData): string {
    const studies = data.studies.map((s) => {
      const trials = s.trials.map((t) => {
        let json = this.cache.get(t)
        if (json === undefined) {
          json = JSON.stringify(t)
          if (isFinished(t.state)) this.cache.set(t, json)
        }
        return json
      })
      return `{"study":${JSON.stringify(s.study)},\n"trials":[${trials.length ? `\n${trials.join(',\n')}\n` : ''}]}`
    })
    return `{"version":${data.version},"studies":[\n${studies.join(',\n')}\n]}\n`
  }
}

/** Parses a store file; anything that is not a store is refused with the path and the reason. */
export function parseStore(text: string, path: string): StoreData {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    const why = text.trim() === '' ? 'the file is empty' : `not valid JSON: ${(e as Error).message}`
    throw corrupt(path, why, e)
  }
  if (typeof data !== 'object' || data === null || (data as StoreData).version !== 1 || !Array.isArray((data as StoreData).studies)) {
    throw corrupt(path, 'not a tunekit store (expected {"version": 1, "studies": [...]})')
  }
  for (const [i, s] of (data as StoreData).studies.entries()) {
    if (typeof s?.study?.name !== 'string' || !Array.isArray(s.trials)) throw corrupt(path, `/studies/${i} is not a study with trials`)
    const problem = studyProblem(s.study) ?? s.trials.map(trialProblem).find((p) => p !== undefined)
    if (problem) throw corrupt(path, `/studies/${i}/${problem}`)
  }
  return data as StoreData
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** The fields every reader uses without checking again: where one is missing or of the wrong type. */
function studyProblem(raw: unknown): string | undefined {
  const study = raw as Record<string, unknown>
  if (study.direction !== 'minimize' && study.direction !== 'maximize') return 'study/direction is not "minimize" or "maximize"'
  if (typeof study.metric !== 'string') return 'study/metric is not a string'
  if (!isObject(study.strategy) || typeof study.strategy.name !== 'string') return 'study/strategy is not {"name": ...}'
  if (!isObject(study.space) || !isObject(study.space.parameters)) return 'study/space is not a search space'
  return undefined
}

function trialProblem(t: unknown, i: number): string | undefined {
  const at = `trials/${i}`
  if (!isObject(t)) return `${at} is ${t === null ? 'null' : typeof t}, not a trial`
  if (!Number.isInteger(t.number)) return `${at}/number is not an integer`
  if (!(TRIAL_STATES as readonly unknown[]).includes(t.state)) return `${at}/state is not one of ${TRIAL_STATES.join(', ')}`
  if (!isObject(t.params)) return `${at}/params is not an object`
  if (t.value !== null && typeof t.value !== 'number') return `${at}/value is not a number or null`
  if (!isObject(t.metrics)) return `${at}/metrics is not an object`
  if (!Array.isArray(t.intermediate) || !t.intermediate.every((v) => isObject(v) && typeof v.step === 'number' && typeof v.value === 'number'))
    return `${at}/intermediate is not a list of {"step", "value"}`
  if (t.error !== null && !(isObject(t.error) && typeof t.error.reason === 'string')) return `${at}/error is not null or {"reason": ...}`
  return undefined
}

function corrupt(path: string, why: string, cause?: unknown): TunekitError {
  return new StoreError(
    'STORE_CORRUPT',
    `${path}: corrupt store (${why}). It was left untouched; restore it from a backup, or run with --fresh to move it aside and start over`,
    { file: path, cause },
  )
}
