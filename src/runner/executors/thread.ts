import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import type { Trainer } from '../../trainers/types.js'
import { failed, type TrialOutcome } from '../../trial/outcome.js'
import type { Metrics } from '../../trial/types.js'
import type { RunHooks, TrialJob } from '../types.js'
import type { ThreadMessage, ThreadTask } from './thread-task.js'
import type { Executor } from './types.js'

/**
 * Trainers on a pool of worker threads (piscina), so that CPU-bound training truly runs in parallel.
 * Reports and then the outcome come back over a MessagePort, in order; a prune decision goes to the worker through a
 * shared flag it reads at its next report.
 */
export class ThreadExecutor implements Executor {
  private readonly pool: Piscina

  constructor(
    private readonly trainer: Trainer,
    private readonly options: Readonly<Record<string, unknown>>,
    threads: number,
  ) {
    this.pool = new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000, concurrentTasksPerWorker: 1 })
  }

  async run(job: TrialJob, hooks: RunHooks): Promise<TrialOutcome> {
    const stop = new SharedArrayBuffer(4)
    const flag = new Int32Array(stop)
    const { port1, port2 } = new MessageChannel()
    let last: Metrics = {}
    const ended = new Promise<TrialOutcome>((resolve) => {
      port1.on('message', (m: ThreadMessage) => {
        if (m.type === 'end') return resolve(m.outcome)
        last = { ...last, ...m.metrics }
        if (hooks.onReport({ step: m.step, metrics: m.metrics })) Atomics.store(flag, 0, 1)
      })
    })
    // Defaults first: a parameter the space leaves out takes the trainer's documented default.
    const params = { ...Object.fromEntries(Object.entries(this.trainer.parameters).map(([k, p]) => [k, p.default])), ...job.params }
    const task: ThreadTask = {
      trainer: this.trainer.name,
      params,
      options: this.options,
      trial: job.number,
      seed: job.seed,
      experiment: job.experiment,
      metric: job.metric,
      stop,
      port: port2,
    }
    try {
      await this.pool.run(task, { transferList: [port2], signal: hooks.signal })
      const outcome = await ended
      if (outcome.state === 'pruned' && hooks.signal.aborted) return failed('interrupted', 'the sweep was stopped', { metrics: last })
      return outcome
    } catch (e) {
      if (hooks.signal.aborted) return failed('interrupted', 'the sweep was stopped', { metrics: last })
      return failed('worker error', e instanceof Error ? e.message : String(e), { metrics: last })
    } finally {
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
  return new URL(source ? './thread-worker-source.mjs' : './thread-worker.js', import.meta.url).href
}
