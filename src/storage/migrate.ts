import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Low } from 'lowdb'
import { TunekitError } from '../errors.js'
import type { StudyRecord, TrialRecord } from '../study/types.js'
import { isUrl, openStorage } from './index.js'
import { acquireLock } from './lock.js'
import { TrialStoreFile } from './lowdb-file.js'
import { redact } from './postgres/redact.js'
import { emptyStore, type StoreData } from './state.js'
import type { Storage } from './types.js'

/** A store that can take a whole study as it is, every field of every trial (PostgreSQL does). */
export interface StudyImporter {
  /** Called by migrate: writes the study and its trials unchanged; refuses a study name the store already has. */
  importStudy(study: StudyRecord, trials: readonly TrialRecord[]): Promise<void>
}

export interface MigrateOptions {
  /** The study to copy; by default the source's only study (migrateStudy) or every study (migrateStore). */
  readonly name?: string
}

export interface MigrateResult {
  readonly study: string
  readonly trials: number
  /**
   * Whether every field came across. It does into a lowdb file or a PostgreSQL store; a Storage instance that cannot
   * import (memory, an open lowdb instance) is replayed through its interface, which keeps all but timestamps,
   * durations and workers.
   */
  readonly exact: boolean
}

/** Where the studies go; opened once for a whole migration. */
interface Target {
  has(name: string): Promise<boolean>
  put(study: StudyRecord, trials: readonly TrialRecord[]): Promise<boolean>
  close(): Promise<void>
}

/**
 * Copies one study from one store to another (a lowdb file, a PostgreSQL URL, or an open Storage), losing nothing.
 * The source is only read; a target that already has a study of that name is refused before anything is written.
 */
export async function migrateStudy(from: Storage | string, to: Storage | string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const [result] = await migrate(from, to, options.name, false)
  return result!
}

/** Copies every study of a store (or the one named) to another store: `tunekit migrate`. */
export function migrateStore(from: Storage | string, to: Storage | string, options: MigrateOptions = {}): Promise<MigrateResult[]> {
  return migrate(from, to, options.name, true)
}

async function migrate(from: Storage | string, to: Storage | string, name: string | undefined, all: boolean): Promise<MigrateResult[]> {
  if (typeof from === 'string' && typeof to === 'string' && sameStore(from, to))
    throw new TunekitError('INVALID_ARGUMENT', `${redact(from)}: the source and the target are the same store`)
  const source = typeof from === 'string' ? await openStorage(from, { readonly: true }) : from
  try {
    const studies = await source.listStudies()
    const names = name !== undefined ? [name] : all ? studies.map((s) => s.name) : studies.length === 1 ? [studies[0]!.name] : undefined
    if (names === undefined || names.length === 0) {
      const list = studies.map((s) => s.name).join(', ') || 'none'
      throw new TunekitError(
        studies.length === 0 ? 'STUDY_NOT_FOUND' : 'USAGE',
        `${redact(source.location)}: ${studies.length === 0 ? 'the store holds no study' : 'name the study to copy'} (studies: ${list})`,
      )
    }
    const copies: { study: StudyRecord; trials: readonly TrialRecord[] }[] = []
    for (const n of names) {
      const study = await source.getStudy(n)
      if (!study)
        throw new TunekitError(
          'STUDY_NOT_FOUND',
          `${redact(source.location)}: no study named "${n}" (studies: ${studies.map((s) => s.name).join(', ') || 'none'})`,
        )
      copies.push({ study, trials: await source.getTrials(n) })
    }
    const target = await openTarget(to)
    try {
      for (const c of copies) {
        if (await target.has(c.study.name)) throw exists(typeof to === 'string' ? to : to.location, c.study.name)
      }
      const results: MigrateResult[] = []
      for (const c of copies) results.push({ study: c.study.name, trials: c.trials.length, exact: await target.put(c.study, c.trials) })
      return results
    } finally {
      await target.close()
    }
  } finally {
    if (typeof from === 'string') await source.close()
  }
}

async function openTarget(to: Storage | string): Promise<Target> {
  if (typeof to !== 'string') return storageTarget(to, false)
  if (to === ':memory:')
    throw new TunekitError('INVALID_ARGUMENT', 'cannot migrate into ":memory:": nothing would outlive this process; name a file or a PostgreSQL URL')
  if (/^postgres(ql)?:\/\//.test(to)) return storageTarget(await openStorage(to), true)
  return fileTarget(to)
}

function storageTarget(storage: Storage, owns: boolean): Target {
  const importer = storage as Partial<StudyImporter>
  return {
    has: async (name) => (await storage.getStudy(name)) !== undefined,
    async put(study, trials) {
      if (typeof importer.importStudy === 'function') {
        await importer.importStudy(study, trials)
        return true
      }
      await replay(storage, study, trials)
      return false
    },
    close: () => (owns ? storage.close() : storage.flush()),
  }
}

/** A lowdb file, written directly under its writer's lock: the records go in as they are. */
async function fileTarget(location: string): Promise<Target> {
  const path = resolve(location)
  mkdirSync(dirname(path), { recursive: true })
  const release = acquireLock(path)
  try {
    const db = new Low<StoreData>(new TrialStoreFile(location), emptyStore())
    await db.read()
    return {
      has: async (name) => db.data.studies.some((s) => s.study.name === name),
      async put(study, trials) {
        db.data.studies.push({ study, trials: [...trials] })
        await db.write()
        return true
      },
      close: async () => release(),
    }
  } catch (e) {
    release()
    throw e
  }
}

/**
 * Rebuilds a study through the Storage interface, for a store that cannot import: numbers, params, seeds, states,
 * values, metrics, intermediate values, errors, keys and retries come across; timestamps, durations and workers
 * are the replay's own.
 */
async function replay(storage: Storage, study: StudyRecord, trials: readonly TrialRecord[]): Promise<void> {
  if (trials.some((t, i) => t.number !== i)) {
    throw new TunekitError(
      'INVALID_ARGUMENT',
      `${redact(storage.location)}: cannot rebuild study "${study.name}" through this store (its trial numbers have gaps); migrate into a file or a PostgreSQL store`,
    )
  }
  await storage.createStudy(study)
  for (const t of trials) {
    await storage.createTrial(study.name, {
      params: t.params,
      seed: t.seed,
      strategy: t.strategy,
      state: t.state === 'waiting' ? 'waiting' : 'running',
      ...(t.uniqueKey !== undefined ? { uniqueKey: t.uniqueKey } : {}),
      ...(t.retryOf !== undefined ? { retryOf: t.retryOf } : {}),
    })
    for (const [i, r] of t.intermediate.entries()) {
      const last = i === t.intermediate.length - 1 && t.state === 'running'
      await storage.reportIntermediate(study.name, t.number, r.step, r.value, last ? t.metrics : undefined)
    }
    if (t.state === 'complete' || t.state === 'pruned' || t.state === 'fail') {
      await storage.finishTrial(study.name, t.number, { state: t.state, value: t.value, metrics: t.metrics, error: t.error })
    }
  }
}

function exists(location: string, name: string): TunekitError {
  return new TunekitError(
    'INVALID_ARGUMENT',
    `${redact(location)}: already holds a study named "${name}"; migrate never overwrites a study (choose another target, or remove that study there first)`,
  )
}

function sameStore(a: string, b: string): boolean {
  return isUrl(a) || isUrl(b) ? a === b : resolve(a) === resolve(b)
}
