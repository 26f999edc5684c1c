import { describe, expect, it } from 'vitest'
import { paretoOf } from '../../src/dashboard/api.js'
import { StudyState } from '../../src/dashboard/study-state.js'
import { paretoData } from '../../src/report/pareto.js'
import type { StudyRecord } from '../../src/trial/types.js'
import { trialRecord } from '../helpers/trials.js'

describe('the dashboard computes a Pareto front once per change of the study', () => {
  it('answers an unchanged study from its cache, and a changed one anew (the same as computing it fresh)', () => {
    const trials = [
      { ...trialRecord(0, { x: 0.1 }, 1), values: [1, 3] },
      { ...trialRecord(1, { x: 0.2 }, 2), values: [2, 2] },
      { ...trialRecord(2, { x: 0.3 }, 3), values: [3, 3] },
    ]
    const study = { name: 'mo', direction: 'minimize', directions: ['minimize', 'minimize'], metric: 'a', space: { parameters: {} } } as unknown as StudyRecord
    const s = new StudyState('mo', 'store.json', study)
    s.apply(trials, true)
    const first = paretoOf(s)
    expect(paretoOf(s)).toBe(first)
    expect(first).toEqual({ ...paretoData(study, s.trials), numbers: [0, 1, 2] })
    s.apply([{ ...trialRecord(3, { x: 0.4 }, 0.5), values: [0.5, 0.5] }], false)
    const second = paretoOf(s)
    expect(second).not.toBe(first)
    expect(second).toEqual({ ...paretoData(study, s.trials), numbers: [0, 1, 2, 3] })
    expect(second).not.toEqual(first)
  })
})
