import { resolve } from 'node:path'
import { LowdbStorage } from './lowdb.js'
import { MemoryStorage } from './memory.js'
import type { Storage } from './types.js'

export type { StaleOptions, Storage, TrialInit } from './types.js'

export interface OpenOptions {
  /** Open without the writer's lock, for reports: never writes. */
  readonly readonly?: boolean
}

/** Storage drivers by location scheme; each loads lazily so that heavy clients (pg) cost nothing unless used. */
const drivers = {
  memory: async () => new MemoryStorage(),
  lowdb: async (location: string, options: OpenOptions) => LowdbStorage.open(location, options),
  postgres: async (location: string, options: OpenOptions) => (await import('./postgres/index.js')).openPostgres(location, options),
} satisfies Record<string, (location: string, options: OpenOptions) => Promise<Storage>>

const open = new Map<string, { storage: Promise<Storage>; refs: number }>()

/** Whether a store location is a URL (a database) rather than a file path. */
export function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location)
}

/**
 * Opens a store by location: ":memory:" (or nothing), a PostgreSQL URL, or a path to a lowdb JSON file.
 * A writable file store is shared within a process (one writer per file: two lowdb instances on one file race),
 * and released when its last user closes it.
 */
export async function openStorage(location: string | undefined, options: OpenOptions = {}): Promise<Storage> {
  if (location === undefined || location === ':memory:') return drivers.memory()
  // Each open is its own pool: the database, not the process, is what serialises writers.
  if (/^postgres(ql)?:\/\//.test(location)) return drivers.postgres(location, options)
  if (options.readonly) return drivers.lowdb(location, options)
  const key = resolve(location)
  let entry = open.get(key)
  if (entry) entry.refs++
  else {
    // The pending open goes in the map at once, so that two concurrent opens share it instead of racing for the lock.
    entry = { storage: drivers.lowdb(location, options), refs: 1 }
    open.set(key, entry)
  }
  try {
    return shareHandle(key, await entry.storage)
  } catch (e) {
    if (open.get(key) === entry) open.delete(key)
    throw e
  }
}

/** A handle whose close() releases one reference; the store closes with the last one. */
function shareHandle(key: string, storage: Storage): Storage {
  let closed = false
  return new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop === 'close') {
        return async () => {
          if (closed) return
          closed = true
          const entry = open.get(key)
          if (!entry) return
          if (--entry.refs === 0) {
            open.delete(key)
            await target.close()
          } else {
            await target.flush()
          }
        }
      }
      const v = Reflect.get(target, prop, receiver) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}
