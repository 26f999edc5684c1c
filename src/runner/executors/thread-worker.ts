import { TrialFailure, TrialPrunedError, TunekitError } from '../../errors.js'
import { getTrainer } from '../../trainers/index.js'
import { failed, outcomeFromMetrics, type TrialOutcome } from '../../trial/outcome.js'
import type { Metrics } from '../../trial/types.js'
import type { ThreadMessage, ThreadTask } from './thread-task.js'

/** Runs one trainer in a worker thread of the pool (piscina calls the default export). */
export default async function runThreadTask(task: ThreadTask): Promise<void> {
  const stop = new Int32Array(task.stop)
  let last: Metrics = {}
  const send = (m: ThreadMessage): void => task.port.postMessage(m)
  const ctx = {
    trial: task.trial,
    seed: task.seed,
    experiment: task.experiment,
    report(step: number, metrics: Metrics): boolean {
      last = { ...last, ...metrics }
      send({ type: 'report', step, metrics })
      return Atomics.load(stop, 0) !== 0
    },
  }
  let outcome: TrialOutcome
  try {
    const trainer = getTrainer(task.trainer)
    outcome = outcomeFromMetrics({ ...last, ...(await trainer.train(task.params, task.options, ctx)) }, task.metric)
  } catch (e) {
    if (e instanceof TrialPrunedError) outcome = { state: 'pruned', metrics: last }
    else if (e instanceof TrialFailure) outcome = failed(e.reason, e.message, { metrics: last })
    else if (e instanceof TunekitError) outcome = failed('invalid parameters', e.message, { metrics: last })
    else outcome = failed('trainer error', e instanceof Error ? (e.stack ?? e.message) : String(e), { metrics: last })
  }
  send({ type: 'end', outcome })
  task.port.close()
}
