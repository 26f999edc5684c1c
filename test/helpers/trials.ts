import type { Params } from '../../src/space/types.js'
import type { TrialRecord } from '../../src/trial/types.js'

/** A stored trial for strategy tests: its params and value, the rest empty; the seed is its number. */
export function trialRecord(number: number, params: Params, value: number | null, state: TrialRecord['state'] = 'complete', strategy = 'test'): TrialRecord {
  return {
    number,
    state,
    params,
    value,
    metrics: {},
    intermediate: [],
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    seed: number,
    strategy,
    error: null,
  }
}
