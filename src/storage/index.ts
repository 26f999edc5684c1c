import { resolve } from 'node:path'
import { StoreError } from '../errors.js'
import { createRegistry } from '../util/registry.js'
import { isPostgresUrl, isUrl, MEMORY, redact } from './location.js'
import { LowdbStorage } from './lowdb.js'
import { MemoryStorage } from './memory.js'
import type { Storage } from './types.js'

export { isPostgresUrl, isUrl, MEMORY, redact, sameStore } from './location.js'
export type { TrialChanges } from './change-log.js'
export type { StaleOptions, Storage, TrialInit } from './types.js'

export interface OpenOptions {
  /** Open without the writer's lock, for reports: never writes. */
  readonly readonly?: boolean
  /** A file store's lock: take it over from an owner that is gone, also on another host (see lock.ts). */
  readonly takeOver?: boolean
}

/** Opens the stores of one kind of location. */
export interface StoreDriver {
  readonly description: string
  /** Whether this driver serves the location; drivers are asked in registry order and the first that matches opens it. */
  matches(location: string): boolean
  /** Called by openStorage: connects or reads, failing with one line that names the location and what to check. */
  open(location: string, options: OpenOptions): Promise<Storage>
}

/** The store drivers; heavy clients (pg) load only when a location needs them. A new store is one file and one line. */
export const stores = createRegistry<StoreDriver>('store', {
  memory: { description: 'in this process only (the API default)', matches: (l) => l === MEMORY, open: async () => new MemoryStorage() },
  postgres: {
    description: 'a PostgreSQL database shared by any number of workers: postgres://user@host:port/db',
    matches: isPostgresUrl,
    open: async (l, o) => (await import('./postgres/index.js')).openPostgres(l, o),
  },
  lowdb: { description: 'one JSON file, one writing process (the CLI default)', matches: (l) => !isUrl(l), open: openFile },
} satisfies Record<string, StoreDriver>)

/** Opens a store by location: ":memory:" (or nothing), a PostgreSQL URL, or a path to a lowdb JSON file. */
export async function openStorage(location: string | undefined, options: OpenOptions = {}): Promise<Storage> {
  const at = location ?? MEMORY
  const driver = stores.entries().find(([, d]) => d.matches(at))?.[1]
  if (!driver) {
    const kinds = stores
      .entries()
      .map(([name, d]) => `${name} (${d.description})`)
      .join('; ')
    throw new StoreError('STORE_UNREADABLE', `${redact(at)}: no store driver serves this location; use one of: ${kinds}`, { file: redact(at) })
  }
  return driver.open(at, options)
}

const open = new Map<string, { storage: Promise<Storage>; refs: number }>()

/**
 * A writable file store is shared within a process (one writer per file: two lowdb instances on one file race), and
 * released when its last user closes it. Readers get their own instance and never take the writer's lock.
 */
async function openFile(location: string, options: OpenOptions): Promise<Storage> {
  if (options.readonly) return LowdbStorage.open(location, options)
  const key = resolve(location)
  let entry = open.get(key)
  if (entry) entry.refs++
  else {
    // The pending open goes in the map at once, so that two concurrent opens share it instead of racing for the lock.
    entry = { storage: LowdbStorage.open(location, options), refs: 1 }
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
