import type { MessagePort } from 'node:worker_threads'
import type { Params } from '../../space/types.js'
import type { TrialOutcome } from '../../trial/outcome.js'
import type { Metrics } from '../../trial/types.js'
import type { TrainerModuleRef } from '../module.js'

/**
 * Which trainer a worker runs: the export of a module, imported once per thread. A built-in is one too (the module it
 * ships as, trainers/index.ts), so built-ins and users' trainers take the same path on the threads.
 */
export type TrainerRef = TrainerModuleRef

/** What the main thread sends a worker thread for one trial. */
export interface ThreadTask {
  readonly trainer: TrainerRef
  readonly params: Params
  readonly options: Readonly<Record<string, unknown>>
  readonly trial: number
  readonly seed: number
  readonly experiment: string
  /** The objective metric: the worker turns the trainer's final metrics into the trial's outcome. */
  readonly metric: string
  /** Int32Array[1] over this buffer: non-zero asks the trainer to stop at its next report. */
  readonly stop: SharedArrayBuffer
  /** Reports, then the outcome, go back through this port in order (see ThreadMessage). */
  readonly port: MessagePort
}

/**
 * Messages on a task's port. A port delivers in order, so once `end` arrives every report before it has: the
 * executor settles on `end`, never on the pool's promise, which can resolve before the last reports come in.
 */
export type ThreadMessage =
  /** The trainer is loaded and train() is called now: a timeout counts from here, not from a new thread's start-up. */
  | { readonly type: 'start' }
  | { readonly type: 'report'; readonly step: number; readonly metrics: Metrics }
  | { readonly type: 'end'; readonly outcome: TrialOutcome }
