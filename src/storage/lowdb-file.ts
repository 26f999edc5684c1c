import type { Adapter } from 'lowdb'
import { TextFile } from 'lowdb/node'
import { StoreError, type TunekitError } from '../errors.js'
import { isFinished } from '../trial/state.js'
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

  async write(data: StoreData): Promise<void> {
    await this.file.write(this.serialise(data))
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
  }
  return data as StoreData
}

function corrupt(path: string, why: string, cause?: unknown): TunekitError {
  return new StoreError(
    'STORE_CORRUPT',
    `${path}: corrupt store (${why}). It was left untouched; restore it from a backup, or run with --fresh to move it aside and start over`,
    { file: path, cause },
  )
}
