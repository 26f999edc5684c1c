import { StudyError, ValidationError } from '../errors.js'
import { isFinished } from '../trial/state.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'
import { studyExists } from './choose.js'
import { openStorage } from './index.js'
import { MEMORY, redact, sameStore } from './location.js'
import type { Storage } from './types.js'

export interface MigrateOptions {
  /** The study to copy; by default the source's only study (migrateStudy) or every study (migrateStore). */
  readonly name?: string
}

export interface MigrateResult {
  readonly study: string
  readonly trials: number
  /**
   * Whether every field came across: it does into any store that implements `importStudy` (memory, lowdb,
   * PostgreSQL). A store without it is filled through its other methods, which keep all but timestamps, durations and
   * workers.
   */
  readonly exact: boolean
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
  if (typeof from === 'string' && typeof to === 'string' && sameStore(from, to)) {
    throw new ValidationError('INVALID_ARGUMENT', `${redact(from)}: the source and the target are the same store`)
  }
  if (to === MEMORY)
    throw new ValidationError('INVALID_ARGUMENT', 'cannot migrate into ":memory:": nothing would outlive this process; name a file or a PostgreSQL URL')
  const source = typeof from === 'string' ? await openStorage(from, { readonly: true }) : from
  try {
    const copies = await readCopies(source, name, all)
    const target = typeof to === 'string' ? await openStorage(to) : to
    try {
      for (const c of copies) if (await target.getStudy(c.study.name)) throw studyExists(target.location, c.study.name)
      const results: MigrateResult[] = []
      for (const c of copies) results.push({ study: c.study.name, trials: c.trials.length, exact: await put(target, c.study, c.trials) })
      return results
    } finally {
      await (typeof to === 'string' ? target.close() : target.flush())
    }
  } finally {
    if (typeof from === 'string') await source.close()
  }
}

async function readCopies(source: Storage, name: string | undefined, all: boolean): Promise<{ study: StudyRecord; trials: readonly TrialRecord[] }[]> {
  const studies = await source.listStudies()
  const list = studies.map((s) => s.name).join(', ') || 'none'
  const names = name !== undefined ? [name] : all || studies.length === 1 ? studies.map((s) => s.name) : []
  if (names.length === 0) {
    if (studies.length === 0) throw new StudyError('STUDY_NOT_FOUND', `${redact(source.location)}: the store holds no study`)
    throw new ValidationError('USAGE', `${redact(source.location)}: name the study to copy (studies: ${list})`)
  }
  const copies: { study: StudyRecord; trials: readonly TrialRecord[] }[] = []
  for (const n of names) {
    const study = await source.getStudy(n)
    if (!study) throw new StudyError('STUDY_NOT_FOUND', `${redact(source.location)}: no study named "${n}" (studies: ${list})`)
    copies.push({ study, trials: await source.getTrials(n) })
  }
  return copies
}

/** Writes one study into the target; true when every field came across. */
async function put(target: Storage, study: StudyRecord, trials: readonly TrialRecord[]): Promise<boolean> {
  if (target.importStudy) {
    await target.importStudy(study, trials)
    return true
  }
  await replay(target, study, trials)
  return false
}

/**
 * Rebuilds a study through the Storage interface, for a store that cannot import: numbers, params, seeds, states,
 * values, metrics, intermediate values, errors, keys and retries come across; timestamps, durations and workers
 * are the replay's own.
 */
async function replay(storage: Storage, study: StudyRecord, trials: readonly TrialRecord[]): Promise<void> {
  if (trials.some((t, i) => t.number !== i)) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `${redact(storage.location)}: cannot rebuild study "${study.name}" through this store (its trial numbers have gaps); migrate into a file or a ` +
        `PostgreSQL store`,
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
    if (!isFinished(t.state)) continue
    const metrics = t.metrics
    const outcome =
      t.state === 'fail'
        ? { state: 'fail' as const, error: t.error ?? { reason: 'failed' }, metrics }
        : t.state === 'pruned'
          ? { state: 'pruned' as const, value: t.value, metrics }
          : {
              state: 'complete' as const,
              value: t.value ?? Number.NaN,
              ...(t.values ? { values: t.values } : {}),
              ...(t.constraints ? { constraints: t.constraints } : {}),
              metrics,
            }
    await storage.finishTrial(study.name, t.number, outcome)
  }
}
