import { TrialPrunedError } from '../errors.js'
import type { TrialRecord } from '../trial/types.js'
import { type LoopStudy, type Next, runLoop } from './loop.js'
import { type ModuleStudy, optimizeModule } from './optimize-module.js'
import { type EarlyStopReason, earlyStop } from './stopping.js'
import type { CallbackStudy, ModuleOptimizeOptions, Objective, OptimizeOptions, TellResult } from './types.js'

/** What optimize needs of a study, besides the loop's ask and tell. */
export interface OptimizeStudy extends LoopStudy, ModuleStudy, CallbackStudy {
  pruneRequested(number: number): boolean
  /** Whether stop() was called since the optimize call began (optimize clears it when it starts and ends). */
  readonly stopRequested: boolean
  clearStop(): void
}

/** Why an optimize call ended before its `trials`: an early-stopping rule, a callback, or nothing (undefined). */
export interface OptimizeEnd {
  readonly stopped?: { readonly reason: EarlyStopReason | 'callback'; readonly message: string }
}

/**
 * Runs the objective on `options.trials` new trials, `parallel` at a time (Optuna's optimize): a trial ends complete with
 * the returned value, pruned when the objective throws TrialPrunedError (or returns after shouldPrune() said yes), failed
 * when it throws anything else, which also stops the loop unless `catch` is set. A grid that runs out stops it cleanly,
 * and so do options.stop (target, patience, judged on the whole history) and a callback that stops the study. With a
 * module (a URL or path) instead of a function, the module's trainer runs on worker threads (optimize-module.ts).
 */
export async function optimize(
  study: OptimizeStudy,
  objective: Objective | URL | string,
  options: OptimizeOptions & Partial<ModuleOptimizeOptions>,
): Promise<OptimizeEnd> {
  const deadline = options.timeoutSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutSeconds * 1000
  let started = 0
  let stopped: OptimizeEnd['stopped']
  const rules = options.stop
  const callbacks = options.callbacks ?? []
  // Callbacks run one at a time, in the order trials finish.
  let queue: Promise<void> = Promise.resolve()
  const next = async (): Promise<Next> => {
    await queue
    if (study.stopRequested) stopped ??= { reason: 'callback', message: 'a callback stopped the study' }
    if (!stopped && rules && (rules.target !== undefined || rules.patience)) stopped = earlyStop(study.trials, study.direction, rules)
    if (stopped || started >= options.trials || Date.now() >= deadline) return 'stop'
    started++
    return 'ask'
  }
  const finished = async (record: TrialRecord): Promise<undefined> => {
    if (callbacks.length === 0) return undefined
    const run = queue.then(async () => {
      for (const cb of callbacks) if ((await cb(study, record)) === 'stop') study.stop()
    })
    queue = run.catch(() => {})
    await run.catch((e: unknown) => {
      study.stop() // the other slots start nothing more
      throw e
    })
    return undefined
  }
  study.clearStop()
  try {
    if (typeof objective !== 'function') {
      await optimizeModule(study, objective, options, next, finished)
      return stopped ? { stopped } : {}
    }
    const end = await runLoop(study, options.parallel ?? 1, {
      next,
      run: async (trial): Promise<TellResult> => {
        try {
          const value = await objective(trial.params, trial)
          return study.pruneRequested(trial.number) ? { state: 'pruned' } : value
        } catch (e) {
          if (e instanceof TrialPrunedError) return { state: 'pruned' }
          if (options.catch) return failure(e)
          throw e
        }
      },
      failure,
      finished,
    })
    if (end.reason === 'error') throw end.error
    return stopped ? { stopped } : {}
  } finally {
    study.clearStop()
  }
}

function failure(e: unknown): TellResult {
  return { state: 'fail', error: { reason: 'objective threw', message: e instanceof Error ? e.message : String(e) } }
}
