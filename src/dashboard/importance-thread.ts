import { Worker } from 'node:worker_threads'
import type { ForestImportance } from '../report/importance/fanova.js'
import type { Importance } from '../report/importance/ped-anova.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'

export interface Importances {
  readonly importance: Importance
  readonly forest: ForestImportance | null
}

/**
 * Importances computed on a thread of their own: a permutation test and a random forest over thousands of trials
 * take seconds, which on the server's thread would hold up every page and poll. One thread, one job at a time.
 */
export class ImportanceThread {
  private worker: Worker | undefined
  private next = 0
  private readonly waiting = new Map<number, { resolve: (v: Importances) => void; reject: (e: Error) => void }>()
  private queue: Promise<unknown> = Promise.resolve()

  compute(study: StudyRecord, trials: readonly TrialRecord[]): Promise<Importances> {
    const run = this.queue.then(() => this.post(study, trials))
    this.queue = run.catch(() => {})
    return run
  }

  async close(): Promise<void> {
    const w = this.worker
    this.worker = undefined
    await w?.terminate()
  }

  private post(study: StudyRecord, trials: readonly TrialRecord[]): Promise<Importances> {
    const worker = this.start()
    const id = ++this.next
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.postMessage({ id, study, trials })
    })
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const source = import.meta.url.endsWith('.ts')
    const w = new Worker(new URL(source ? './importance-worker-source.mjs' : './importance-worker.js', import.meta.url))
    w.unref()
    w.on('message', (m: { id: number; error?: string } & Partial<Importances>) => {
      const p = this.waiting.get(m.id)
      this.waiting.delete(m.id)
      if (!p) return
      if (m.error !== undefined) p.reject(new Error(m.error))
      else p.resolve({ importance: m.importance!, forest: m.forest ?? null })
    })
    w.on('error', (e) => {
      for (const p of this.waiting.values()) p.reject(e)
      this.waiting.clear()
      this.worker = undefined
    })
    this.worker = w
    return w
  }
}
