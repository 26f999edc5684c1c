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
  private again: Promise<void> | undefined
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

  /** Reads every store once, starting after this call (calls during a refresh share the one after it). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again ??= this.running.then(() => {
        this.again = undefined
        return this.refresh()
      })
      return this.again
    }
    this.running = this.refreshAll().finally(() => {
      this.running = undefined
      this.refreshedAt = Date.now()
    })
    return this.running
  }

  /**
   * Called before an API answer: reads the stores again unless that was done in the last `maxAgeMs`, so that a page
   * polling every refresh interval sees a finished trial within that interval (plus one read), not two cycles later.
   */
  async fresh(maxAgeMs: number): Promise<void> {
    if (this.running) return this.running
    if (Date.now() - this.refreshedAt > maxAgeMs) return this.refresh()
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

  /** Each store once (by its absolute path or URL), with the location as the user named it, for display. */
  private locations(): Map<string, string> {
    const out = new Map<string, string>()
    for (const arg of this.args) {
      const found = !isUrl(arg) && existsSync(arg) && statSync(arg).isDirectory() ? storesInFolder(arg) : [storeLocation(arg)]
      for (const l of found) {
        const key = isUrl(l) ? l : resolve(l)
        if (!out.has(key)) out.set(key, l)
      }
    }
    return out
  }

  private async refreshAll(): Promise<void> {
    for (const [location, shown] of this.locations()) {
      if (!this.sources.has(location)) {
        const reader = isPostgresUrl(location) ? new DatabaseReader(location) : new FileReader(location, shown)
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
