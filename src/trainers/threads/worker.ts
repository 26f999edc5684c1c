import { TrialFailure, TrialPrunedError, TunekitError } from '../../errors.js'
import { failed, outcomeFromMetrics, type TrialOutcome } from '../../trial/outcome.js'
import type { Metrics } from '../../trial/types.js'
import { loadModuleTrainer } from '../module.js'
import type { Trainer } from '../types.js'
import type { ThreadMessage, ThreadTask, TrainerRef } from './task.js'

/** Module trainers this thread imported, by URL and export: a module loads once per thread, not once per trial. */
const loaded = new Map<string, Promise<Trainer>>()

function trainerOf(ref: TrainerRef): Promise<Trainer> {
  const key = `${ref.url}#${ref.export}`
  const t = loaded.get(key) ?? loadModuleTrainer(ref)
  loaded.set(key, t)
  return t
}

/** Runs one trainer in a worker thread of the pool (piscina calls the default export). */
export default async function runThreadTask(task: ThreadTask): Promise<void> {
  const stop = new Int32Array(task.stop)
  let last: Metrics = {}
  let pruned = false
  const send = (m: ThreadMessage): void => task.port.postMessage(m)
  const ctx = {
    trial: task.trial,
    seed: task.seed,
    experiment: task.experiment,
    report(step: number, metrics: Metrics): boolean {
      last = { ...last, ...metrics }
      send({ type: 'report', step, metrics })
      pruned ||= Atomics.load(stop, 0) !== 0
      return pruned
    },
  }
  let outcome: TrialOutcome
  try {
    const trainer = await trainerOf(task.trainer)
    send({ type: 'start' })
    const metrics = { ...last, ...(await trainer.train(task.params, task.options, ctx)) }
    // A trainer told to stop that returns (rather than throws) ends pruned, as the contract says.
    outcome = pruned ? { state: 'pruned', metrics } : outcomeFromMetrics(metrics, task.metric)
  } catch (e) {
    // By code rather than class: a module trainer may throw the errors of another copy of tunekit.
    const code = (e as { code?: unknown } | null)?.code
    if (e instanceof TrialPrunedError || code === 'TRIAL_PRUNED') outcome = { state: 'pruned', metrics: last }
    else if (e instanceof TrialFailure || (code === 'TRIAL_FAILED' && typeof (e as TrialFailure).reason === 'string'))
      outcome = failed((e as TrialFailure).reason, (e as TrialFailure).message, { metrics: last })
    else if (e instanceof TunekitError) outcome = failed('invalid parameters', e.message, { metrics: last })
    else outcome = failed('trainer error', e instanceof Error ? (e.stack ?? e.message) : String(e), { metrics: last })
  }
  send({ type: 'end', outcome })
  task.port.close()
}
