import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import type { Params } from '../../space/types.js'
import { failed, type TrialOutcome } from '../../trial/outcome.js'
import type { Metrics } from '../../trial/types.js'
import type { Trainer } from '../types.js'
import type { ThreadMessage, ThreadTask, TrainerRef } from './task.js'

export type { TrainerRef } from './task.js'

/** One trial for the pool (the sweep runner's TrialJob has this shape). */
export interface PoolJob {
  readonly number: number
  readonly params: Params
  readonly seed: number
  readonly experiment: string
  readonly metric: string
}

/** How the pool talks back while a trial runs (the sweep runner's RunHooks have this shape). */
export interface PoolHooks {
  /** Called for every report; true asks the trainer to stop (pruned) at its next report. */
  onReport(event: { readonly step?: number; readonly metrics: Metrics }): boolean
  /** Aborted when the run is interrupted: the worker is terminated and the trial fails as "interrupted". */
  readonly signal: AbortSignal
}

export interface PoolOptions {
  readonly threads: number
  /** Wall-clock limit of one trial's train() call: past it the worker thread is terminated (and replaced) and the trial fails as "timeout". */
  readonly timeoutSeconds?: number | undefined
}

/**
 * Trainers, built-in or a user's module, on a pool of worker threads (piscina), so that CPU-bound training truly runs
 * in parallel. Reports and then the outcome come back over a MessagePort, in order; a prune decision goes to the
 * worker through a shared flag it reads at its next report; a timeout or an interrupt terminates the thread, which
 * piscina replaces, so that a trainer that never returns costs one thread for `timeoutSeconds`, never the sweep.
 */
export class TrainerPool {
  private readonly pool: Piscina
  private readonly defaults: Params

  constructor(
    trainer: Trainer,
    private readonly ref: TrainerRef,
    private readonly options: Readonly<Record<string, unknown>>,
    private readonly settings: PoolOptions,
  ) {
    const n = Math.max(1, settings.threads)
    this.pool = new Piscina({ filename: workerFile(), minThreads: n, maxThreads: n, idleTimeout: 60_000, concurrentTasksPerWorker: 1 })
    // A parameter the space leaves out takes the trainer's documented default.
    this.defaults = Object.fromEntries(Object.entries(trainer.parameters).map(([k, p]) => [k, p.default]))
  }

  async run(job: PoolJob, hooks: PoolHooks): Promise<TrialOutcome> {
    const stop = new SharedArrayBuffer(4)
    const flag = new Int32Array(stop)
    const { port1, port2 } = new MessageChannel()
    let last: Metrics = {}
    const limit = this.settings.timeoutSeconds
    const timeout = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const ended = new Promise<TrialOutcome>((resolve) => {
      port1.on('message', (m: ThreadMessage) => {
        if (m.type === 'end') return resolve(m.outcome)
        if (m.type === 'start') {
          if (limit !== undefined) timer = setTimeout(() => timeout.abort(), limit * 1000)
          return
        }
        last = { ...last, ...m.metrics }
        if (hooks.onReport({ step: m.step, metrics: m.metrics })) Atomics.store(flag, 0, 1)
      })
    })
    const task: ThreadTask = {
      trainer: this.ref,
      params: { ...this.defaults, ...job.params },
      options: this.options,
      trial: job.number,
      seed: job.seed,
      experiment: job.experiment,
      metric: job.metric,
      stop,
      port: port2,
    }
    const onAbort = (): void => timeout.abort()
    hooks.signal.addEventListener('abort', onAbort, { once: true })
    if (hooks.signal.aborted) timeout.abort()
    try {
      await this.pool.run(task, { transferList: [port2], signal: timeout.signal })
      const outcome = await ended
      if (outcome.state === 'pruned' && hooks.signal.aborted) return failed('interrupted', 'the sweep was stopped', { metrics: last })
      return outcome
    } catch (e) {
      if (hooks.signal.aborted) return failed('interrupted', 'the sweep was stopped', { metrics: last })
      if (timeout.signal.aborted)
        return failed('timeout', `the trainer ran longer than timeoutSeconds (${limit} s); its worker thread was terminated and replaced`, { metrics: last })
      return failed('worker error', e instanceof Error ? e.message : String(e), { metrics: last })
    } finally {
      clearTimeout(timer)
      hooks.signal.removeEventListener('abort', onAbort)
      port1.close()
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy()
  }
}

/**
 * The worker module: the built file next to this one, or, when this module runs from its TypeScript source (tests,
 * benchmarks through tsx), a bootstrap that loads the worker's source through tsx: never a stale build.
 */
function workerFile(): string {
  const source = import.meta.url.endsWith('.ts')
  return new URL(source ? './worker-source.mjs' : './worker.js', import.meta.url).href
}
