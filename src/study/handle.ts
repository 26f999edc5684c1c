import { ValidationError } from '../errors.js'
import { type IntermediateValue, MAX_STORED_STEPS, type Metrics, type TrialRecord } from '../trial/types.js'
import type { Trial } from './types.js'

/** What a trial handle needs of its study. */
export interface HandleHooks {
  /** Records a report in the store (called after the handle has kept it locally). */
  report(step: number, value: number, metrics?: Readonly<Metrics>): Promise<void>
  /** The pruner's decision for the trial with these reports (its own, newest last). */
  shouldPrune(reports: readonly IntermediateValue[]): boolean
}

/**
 * The Trial that ask() hands out. Its reports are kept here as well as sent to the store, so that a prune decision
 * sees a report at once, before a coalescing store has written it. Each step is kept once (a repeated step replaces
 * the earlier report and moves to the end), in a map, so that a report costs the same however many came before.
 * Past MAX_STORED_STEPS, a new step takes the last place here (the pruner judges the latest report) and is not sent
 * to the store, which keeps the first MAX_STORED_STEPS: bounded memory and store work however long a trainer reports.
 */
export function trialHandle(record: TrialRecord, reports: IntermediateValue[], hooks: HandleHooks): Trial {
  const steps = new Map<number, number>()
  return {
    number: record.number,
    params: record.params,
    seed: record.seed,
    report(step, value, metrics) {
      if (!Number.isSafeInteger(step) || step < 0) {
        return Promise.reject(new ValidationError('INVALID_ARGUMENT', `report: step must be a non-negative integer, got ${step}`))
      }
      const at = steps.get(step)
      if (at === undefined && reports.length >= MAX_STORED_STEPS) {
        const last = reports.length - 1
        steps.delete(reports[last]!.step)
        reports[last] = { step, value }
        steps.set(step, last)
        return Promise.resolve()
      }
      if (at !== undefined) {
        reports.splice(at, 1)
        steps.clear()
        for (const [i, r] of reports.entries()) steps.set(r.step, i)
      }
      steps.set(step, reports.length)
      reports.push({ step, value })
      return hooks.report(step, value, metrics)
    },
    shouldPrune() {
      return reports.length > 0 && hooks.shouldPrune(reports)
    },
  }
}
