import { StrategyExhaustedError, TrialPrunedError } from '../errors.js'
import type { Objective, OptimizeOptions, Study, TellResult, Trial } from './study.js'

/**
 * Runs the objective on `options.trials` new trials, `parallel` at a time (Optuna's optimize): a trial ends complete with
 * the returned value, pruned when the objective throws TrialPrunedError (or returns after shouldPrune() said yes), failed
 * when it throws anything else, which also stops the loop unless `catch` is set. A grid that runs out stops it cleanly.
 */
export async function optimize(study: Study, objective: Objective, options: OptimizeOptions): Promise<void> {
  const parallel = Math.max(1, options.parallel ?? 1)
  const deadline = options.timeoutSeconds === undefined ? Infinity : Date.now() + options.timeoutSeconds * 1000
  let started = 0
  let stop = false
  let firstError: unknown
  const loop = async (): Promise<void> => {
    while (!stop && started < options.trials && Date.now() < deadline) {
      started++
      let trial: Trial
      try {
        trial = await study.ask()
      } catch (e) {
        if (e instanceof StrategyExhaustedError) {
          stop = true
          return
        }
        throw e
      }
      let result: TellResult
      let thrown: unknown
      try {
        const value = await objective(trial.params, trial)
        result = study.pruneRequested(trial.number) ? { state: 'pruned' } : value
      } catch (e) {
        result =
          e instanceof TrialPrunedError
            ? { state: 'pruned' }
            : { state: 'fail', error: { reason: 'objective threw', message: e instanceof Error ? e.message : String(e) } }
        if (!(e instanceof TrialPrunedError)) thrown = e
      }
      await study.tellUnlessLost(trial, result)
      if (thrown !== undefined && !options.catch) {
        stop = true
        firstError ??= thrown
      }
    }
  }
  await Promise.all(Array.from({ length: parallel }, loop))
  if (firstError !== undefined) throw firstError
}
