import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import type { Trainer } from '../../trainers/types.js'
import type { RunHooks, RunOutcome, TrialJob } from '../types.js'
import { outcomeFromMetrics } from '../outcome.js'
import type { ThreadReport, ThreadResult, ThreadTask } from './thread-task.js'
import type { Executor } from './types.js'

/**
 * Built-in trainers on a pool of worker threads (piscina), so that CPU-bound training truly runs in parallel.
 * Reports come back over a MessagePort; a prune decision goes to the worker through a shared flag it reads at its next report.
 */
export class ThreadExecutor implements Executor {
  private readonly pool: Piscina

  constructor(
    private readonly trainer: Trainer,
    private readonly options: Readonly<Record<string, unknown>>,
    readonly capacity: number,
  ) {
    this.pool = new Piscina({ filename: workerFile(), minThreads: capacity, maxThreads: capacity, idleTimeout: 60_000, concurrentTasksPerWorker: 1 })
  }

  async run(job: TrialJob, hooks: RunHooks): Promise<RunOutcome> {
    const stop = new SharedArrayBuffer(4)
    const flag = new Int32Array(stop)
    const { port1, port2 } = new MessageChannel()
    let last: Record<string, number> = {}
    port1.on('message', (m: ThreadReport) => {
      last = { ...last, ...m.metrics }
      if (hooks.onReport({ step: m.step, metrics: m.metrics })) Atomics.store(flag, 0, 1)
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
      stop,
      port: port2,
    }
    try {
      const result = (await this.pool.run(task, { transferList: [port2], signal: hooks.signal })) as ThreadResult
      // Let reports already posted arrive before the outcome is decided.
      await new Promise((r) => setImmediate(r))
      switch (result.status) {
        case 'ok':
          return outcomeFromMetrics({ ...last, ...result.metrics }, job.metric)
        case 'pruned':
          return hooks.signal.aborted ? { status: 'fail', reason: 'interrupted', metrics: last } : { status: 'pruned', metrics: last }
        case 'fail':
          return { status: 'fail', reason: result.reason, message: result.message, metrics: last }
      }
    } catch (e) {
      if (hooks.signal.aborted) return { status: 'fail', reason: 'interrupted', message: 'the sweep was stopped', metrics: last }
      return { status: 'fail', reason: 'worker error', message: e instanceof Error ? e.message : String(e), metrics: last }
    } finally {
      port1.close()
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy()
  }
}

/** The worker module: the built file next to this one; from the sources (tests, tsx), its counterpart in dist/. */
function workerFile(): string {
  const here = new URL('./thread-worker.js', import.meta.url)
  if (import.meta.url.endsWith('.ts')) return new URL('../../../dist/runner/executors/thread-worker.js', import.meta.url).href
  return here.href
}
