import { TrialPrunedError } from '../errors.js'
import { type LoopStudy, type Next, runLoop } from './loop.js'
import { type ModuleStudy, optimizeModule } from './optimize-module.js'
import type { ModuleOptimizeOptions, Objective, OptimizeOptions, TellResult } from './types.js'

/** What optimize needs of a study, besides the loop's ask and tell. */
export interface OptimizeStudy extends LoopStudy, ModuleStudy {
  pruneRequested(number: number): boolean
}

/**
 * Runs the objective on `options.trials` new trials, `parallel` at a time (Optuna's optimize): a trial ends complete with
 * the returned value, pruned when the objective throws TrialPrunedError (or returns after shouldPrune() said yes), failed
 * when it throws anything else, which also stops the loop unless `catch` is set. A grid that runs out stops it cleanly.
 */
export async function optimize(study: OptimizeStudy, objective: Objective | URL | string, options: OptimizeOptions & ModuleOptimizeOptions): Promise<void> {
  const next = budget(options)
  if (typeof objective !== 'function') return optimizeModule(study, objective, options, next)
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
  })
  if (end.reason === 'error') throw end.error
}

/** Stops after `trials` asks or `timeoutSeconds`, whichever comes first. */
function budget(options: OptimizeOptions): () => Promise<Next> {
  const deadline = options.timeoutSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutSeconds * 1000
  let started = 0
  return async () => {
    if (started >= options.trials || Date.now() >= deadline) return 'stop'
    started++
    return 'ask'
  }
}

function failure(e: unknown): TellResult {
  return { state: 'fail', error: { reason: 'objective threw', message: e instanceof Error ? e.message : String(e) } }
}
