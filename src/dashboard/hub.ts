import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { storeLocation } from '../report/sources.js'
import { isPostgresUrl, isUrl } from '../storage/index.js'
import { DatabaseReader, FileReader, type StoreReader, storesInFolder } from './readers.js'
import { StudyState } from './study-state.js'

/** A store the dashboard serves, and what went wrong with it last (null: its last read worked). */
interface Source {
  readonly reader: StoreReader
  error: string | null
  readonly studies: Map<string, StudyState>
}

/**
 * Every study of the stores the dashboard was given, kept up to date by refresh(): each store is read on its own,
 * so one that disappears or turns corrupt marks its studies with the error (their last trials stay) while the
 * others keep updating. Arguments: lowdb files, folders of them, experiment files (their store), database URLs.
 */
export class Hub {
  private readonly sources = new Map<string, Source>()
  private readonly byKey = new Map<string, StudyState>()
  private running: Promise<void> | undefined
  private timer: NodeJS.Timeout | undefined
  /** When the last refresh ended (ms since 1970). */
  refreshedAt = 0

  constructor(private readonly args: readonly string[]) {}

  /** Studies in the order their stores were given, then by name. */
  studies(): StudyState[] {
    return [...this.byKey.values()]
  }

  study(key: string): StudyState | undefined {
    return this.byKey.get(key)
  }

  /** Stores that could not be read at all, with why (their studies, if any, carry the error too). */
  storeErrors(): { location: string; error: string }[] {
    return [...this.sources.values()].filter((s) => s.error !== null).map((s) => ({ location: s.reader.location, error: s.error! }))
  }

  /** Reads every store once (concurrent calls share one refresh). */
  refresh(): Promise<void> {
    this.running ??= this.refreshAll().finally(() => {
      this.running = undefined
      this.refreshedAt = Date.now()
    })
    return this.running
  }

  /** Refreshes every `ms` milliseconds until close(). */
  start(ms: number): void {
    const tick = (): void => {
      this.timer = setTimeout(() => void this.refresh().finally(tick), ms)
      this.timer.unref?.()
    }
    tick()
  }

  async close(): Promise<void> {
    clearTimeout(this.timer)
    await this.running?.catch(() => {})
    for (const s of this.sources.values()) await s.reader.close().catch(() => {})
  }

  private locations(): string[] {
    const out: string[] = []
    for (const arg of this.args) {
      if (!isUrl(arg) && existsSync(arg) && statSync(arg).isDirectory()) out.push(...storesInFolder(arg))
      else out.push(storeLocation(arg))
    }
    return [...new Set(out.map((l) => (isUrl(l) ? l : resolve(l))))]
  }

  private async refreshAll(): Promise<void> {
    for (const location of this.locations()) {
      if (!this.sources.has(location)) {
        const reader = isPostgresUrl(location) ? new DatabaseReader(location) : new FileReader(location)
        this.sources.set(location, { reader, error: null, studies: new Map() })
      }
    }
    await Promise.all([...this.sources.values()].map((s) => this.refreshSource(s)))
  }

  private async refreshSource(source: Source): Promise<void> {
    try {
      const reads = await source.reader.read()
      source.error = null
      for (const s of source.studies.values()) s.error = null
      if (reads === 'unchanged') return
      for (const r of reads) {
        let state = source.studies.get(r.study.name)
        if (!state) {
          state = new StudyState(this.freeKey(r.study.name), source.reader.location, r.study)
          source.studies.set(r.study.name, state)
          this.byKey.set(state.key, state)
        }
        state.study = r.study
        state.apply(r.trials, r.complete)
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      source.error = message
      for (const s of source.studies.values()) s.error = message
      // A database connection that failed is opened anew on the next refresh.
      if (source.reader instanceof DatabaseReader) await source.reader.close().catch(() => {})
    }
  }

  /** A study's name, or name@2, name@3… when another store already has a study of that name. */
  private freeKey(name: string): string {
    if (!this.byKey.has(name)) return name
    for (let k = 2; ; k++) if (!this.byKey.has(`${name}@${k}`)) return `${name}@${k}`
  }
}
