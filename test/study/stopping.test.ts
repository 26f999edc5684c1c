import { describe, expect, it } from 'vitest'
import { earlyStop } from '../../src/study/stopping.js'
import { trial } from '../../src/testing/trials.js'
import type { TrialRecord } from '../../src/trial/types.js'

/** Complete trials with these values, in order. */
function history(values: readonly (number | 'fail')[]): TrialRecord[] {
  return values.map((v, i) => (v === 'fail' ? trial(i, 'fail') : { ...trial(i, 'complete', [v]), value: v }))
}

describe('early stopping', () => {
  it('stops at the first trial that reaches the target, in either direction', () => {
    expect(earlyStop(history([5, 3, 0.9, 0.5]), 'minimize', { target: 1 })).toMatchObject({ reason: 'target', message: expect.stringMatching(/^trial 2 /) })
    expect(earlyStop(history([5, 3, 2]), 'minimize', { target: 1 })).toBeUndefined()
    expect(earlyStop(history([0.5, 0.96]), 'maximize', { target: 0.95 })).toMatchObject({ reason: 'target' })
  })

  it('stops when the best has not improved in N finished trials, failures counting as spent budget', () => {
    expect(earlyStop(history([3, 2, 2.5, 'fail', 4]), 'minimize', { patience: { trials: 3 } })).toMatchObject({ reason: 'patience' })
    expect(earlyStop(history([3, 2, 2.5, 'fail']), 'minimize', { patience: { trials: 3 } })).toBeUndefined()
    // An improvement resets the count.
    expect(earlyStop(history([3, 2, 2.5, 'fail', 1.9]), 'minimize', { patience: { trials: 3 } })).toBeUndefined()
  })

  it('needs an improvement of more than minDelta, measured from where the count started', () => {
    expect(earlyStop(history([1, 0.99, 0.98, 0.97]), 'minimize', { patience: { trials: 3, minDelta: 0.05 } })).toMatchObject({ reason: 'patience' })
    // Small steps that add up to more than minDelta do reset it.
    expect(earlyStop(history([1, 0.97, 0.94, 0.91]), 'minimize', { patience: { trials: 3, minDelta: 0.05 } })).toBeUndefined()
  })

  it('never stops on patience before a trial completes', () => {
    expect(earlyStop(history(['fail', 'fail', 'fail', 'fail']), 'minimize', { patience: { trials: 2 } })).toBeUndefined()
  })
})
