import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { openStorage, redact, type Storage } from '../storage/index.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'

/** One study as a read found it: every trial (`complete`), or only those changed since the reader's previous read. */
export interface StudyRead {
  readonly study: StudyRecord
  readonly trials: readonly TrialRecord[]
  readonly complete: boolean
}

/**
 * Reads one store for the dashboard, incrementally, never taking the writer's lock and never writing.
 * read() returns the studies that may have changed, or 'unchanged' when the store says nothing changed.
 */
export interface StoreReader {
  /** The store, redacted for display (a URL without its password). */
  readonly location: string
  read(): Promise<readonly StudyRead[] | 'unchanged'>
  close(): Promise<void>
}

/**
 * A lowdb file: its size, modification time and inode are checked on every read, and the file is parsed only when
 * one of them changed (the writer replaces the file by a rename, so a read never sees half a write). A reader
 * instance holds no lock: opened read-only, read, closed.
 */
export class FileReader implements StoreReader {
  private stamp = ''
  private seen = false
  /** The file as the user named it (what pages show); `path` is where it is read. */
  readonly location: string

  constructor(
    private readonly path: string,
    shown = path,
  ) {
    this.location = shown
  }

  async read(): Promise<readonly StudyRead[] | 'unchanged'> {
    let stamp: string
    try {
      const s = statSync(this.path)
      stamp = `${s.ino}:${s.size}:${s.mtimeMs}`
    } catch (e) {
      this.stamp = ''
      // Not there yet (a sweep about to create it): no study yet rather than an error.
      if (!this.seen && (e as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new Error(`${this.location}: the store file is gone (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
    }
    if (stamp === this.stamp) return 'unchanged'
    const storage = await openStorage(this.path, { readonly: true })
    try {
      const out: StudyRead[] = []
      for (const study of await storage.listStudies()) out.push({ study, trials: await storage.getTrials(study.name), complete: true })
      this.stamp = stamp
      this.seen = true
      return out
    } finally {
      await storage.close()
    }
  }

  async close(): Promise<void> {}
}

/**
 * A database store (PostgreSQL): one read-only connection kept open, each study read through Storage.getTrialsSince,
 * so that a read costs the rows changed since the previous one, not the history.
 */
export class DatabaseReader implements StoreReader {
  readonly location: string
  private storage: Storage | undefined
  private readonly cursors = new Map<string, string>()

  constructor(private readonly url: string) {
    this.location = redact(url)
  }

  async read(): Promise<readonly StudyRead[]> {
    this.storage ??= await openStorage(this.url, { readonly: true })
    const storage = this.storage
    const out: StudyRead[] = []
    for (const study of await storage.listStudies()) {
      if (storage.getTrialsSince) {
        const changes = await storage.getTrialsSince(study.name, this.cursors.get(study.name))
        this.cursors.set(study.name, changes.cursor)
        out.push({ study, trials: changes.trials, complete: changes.reset })
      } else {
        out.push({ study, trials: await storage.getTrials(study.name), complete: true })
      }
    }
    return out
  }

  async close(): Promise<void> {
    const s = this.storage
    this.storage = undefined
    this.cursors.clear()
    await s?.close()
  }
}

/**
 * The lowdb stores in a folder (not its subfolders): files ending in .json whose top level has a `studies` array.
 * Looked at again on every refresh, so a sweep started later shows up.
 */
export function storesInFolder(folder: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.json')) continue
    const path = join(folder, name)
    try {
      if (!statSync(path).isFile()) continue
      const head = readFileSync(path, 'utf8').slice(0, 4096)
      if (/^\s*\{[\s\S]*"studies"\s*:/.test(head) || /^\s*\{\s*"version"/.test(head)) out.push(path)
    } catch {
      // unreadable or gone since the listing: the next refresh looks again
    }
  }
  return out
}
