import { TrialPrunedError, TunekitError } from '../../errors.js'
import { getTrainer } from '../../trainers/index.js'
import { TrialFailure } from '../../trainers/types.js'
import type { ThreadResult, ThreadTask } from './thread-task.js'

/** Runs one built-in trainer in a worker thread of the pool (piscina calls the default export). */
export default async function runThreadTask(task: ThreadTask): Promise<ThreadResult> {
  const trainer = getTrainer(task.trainer)
  const stop = new Int32Array(task.stop)
  const ctx = {
    trial: task.trial,
    seed: task.seed,
    experiment: task.experiment,
    report(step: number, metrics: Record<string, number>): boolean {
      task.port.postMessage({ step, metrics })
      return Atomics.load(stop, 0) !== 0
    },
  }
  try {
    return { status: 'ok', metrics: await trainer.train(task.params, task.options, ctx) }
  } catch (e) {
    if (e instanceof TrialPrunedError) return { status: 'pruned' }
    if (e instanceof TrialFailure) return { status: 'fail', reason: e.reason, message: e.message }
    if (e instanceof TunekitError) return { status: 'fail', reason: 'invalid parameters', message: e.message }
    return { status: 'fail', reason: 'trainer error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }
  } finally {
    task.port.close()
  }
}
