import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { StudyError } from '../errors.js'
import { experimentStore } from '../experiment/store.js'
import { isUrl, openStorage, redact } from '../storage/index.js'
import type { CompareInput } from './compare.js'

/**
 * The store a command-line argument names: a store file as is, or an experiment file's `storage`
 * (default `runs/<name>.json`, relative to the experiment file, as `tunekit run` resolves it).
 * Read from the raw JSON: a report must not fail because a trainer named in the experiment is not installed here.
 */
export function storeLocation(arg: string): string {
  if (isUrl(arg) || arg === ':memory:' || !existsSync(arg)) return arg // openStorage says what is wrong
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(arg, 'utf8'))
  } catch {
    return arg // not JSON: openStorage names the problem as a store's
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return arg
  const x = raw as Record<string, unknown>
  if (Array.isArray(x.studies)) return arg
  if (typeof x.name !== 'string') return arg
  return experimentStore(arg, x.name, typeof x.storage === 'string' ? x.storage : undefined)
}

/**
 * Every study of every store the arguments name, read without the writer's lock (a sweep may be writing them).
 * A store named twice (directly and through an experiment file, say) is read once.
 */
export async function readStudies(args: readonly string[]): Promise<CompareInput[]> {
  const locations = [...new Map(args.map((a) => storeLocation(a)).map((l) => [resolveKey(l), l])).values()]
  const inputs: CompareInput[] = []
  for (const location of locations) {
    const storage = await openStorage(location, { readonly: true })
    try {
      const studies = await storage.listStudies()
      if (studies.length === 0) throw new StudyError('STUDY_NOT_FOUND', `${redact(location)}: the store holds no study yet`)
      for (const study of studies) inputs.push({ location: redact(location), study, trials: await storage.getTrials(study.name) })
    } finally {
      await storage.close()
    }
  }
  return inputs
}

function resolveKey(location: string): string {
  return isUrl(location) ? redact(location) : resolve(location)
}
