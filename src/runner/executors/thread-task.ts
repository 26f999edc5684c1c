import type { MessagePort } from 'node:worker_threads'
import type { Params } from '../../space/types.js'
import type { Metrics } from '../../trainers/types.js'

/** What the main thread sends a worker thread for one trial. */
export interface ThreadTask {
  readonly trainer: string
  readonly params: Params
  readonly options: Readonly<Record<string, unknown>>
  readonly trial: number
  readonly seed: number
  readonly experiment: string
  /** Int32Array[1] over this buffer: non-zero asks the trainer to stop at its next report. */
  readonly stop: SharedArrayBuffer
  /** Reports go back through this port as ThreadReport messages. */
  readonly port: MessagePort
}

export interface ThreadReport {
  readonly step: number
  readonly metrics: Metrics
}

export type ThreadResult =
  | { readonly status: 'ok'; readonly metrics: Metrics }
  | { readonly status: 'pruned' }
  | { readonly status: 'fail'; readonly reason: string; readonly message: string }
