import { describe, expect, it } from 'vitest'
import { bestSoFar, normalisedArea, totalDurationMs, trialsUntilWithin, wallTimeMs } from '../../src/report/curves.js'
import { trialsWithValues } from './helpers.js'

describe('best-so-far curves', () => {
  it('follows the best complete value over finished trials, in either direction', () => {
    const trials = trialsWithValues([null, 5, 7, 3, 4, 1])
    expect(bestSoFar(trials, 'minimize')).toEqual([null, 5, 5, 3, 3, 1])
    expect(bestSoFar(trials, 'maximize')).toEqual([null, 5, 7, 7, 7, 7])
  })

  it('leaves running trials out: they have not spent their budget yet', () => {
    const trials = trialsWithValues([5, 4])
    const running = { ...trials[1]!, number: 2, state: 'running' as const, value: null, finishedAt: null }
    expect(bestSoFar([...trials, running], 'minimize')).toEqual([5, 4])
  })

  it('counts trials until within 1 % of a target', () => {
    expect(trialsUntilWithin([10, 5, 2.01, 2], 2, 'minimize')).toBe(3) // 2.01 is within 0.02 of 2
    expect(trialsUntilWithin([10, 5, 2.1, 2.1], 2, 'minimize')).toBeNull()
    expect(trialsUntilWithin([1, 5, 9.95], 10, 'maximize')).toBe(3)
    // A target of 0: 1 % of the curve's spread instead of 1 % of nothing.
    expect(trialsUntilWithin([4, 1, 0.03, 0], 0, 'minimize')).toBe(3)
  })

  it('normalises the area under the curve between the best and the worst start', () => {
    const bounds = { best: 0, worst: 10 }
    expect(normalisedArea([0, 0, 0, 0], 4, bounds)).toBe(0)
    expect(normalisedArea([10, 10, 10, 10], 4, bounds)).toBe(1)
    expect(normalisedArea([10, 5, 5, 0], 4, bounds)).toBeCloseTo(0.5)
    expect(normalisedArea([null, 5], 2, bounds)).toBeCloseTo(0.75) // before any complete trial: the worst
    expect(normalisedArea([5], 3, bounds)).toBeCloseTo(0.5) // a shorter run keeps its last best
    expect(normalisedArea([-3, -8], 2, { best: -8, worst: -3 })).toBeCloseTo(0.5)
    expect(normalisedArea([1, 2], 2, { best: 2, worst: 1 })).toBeCloseTo(0.5) // maximisation
  })

  it('measures wall-clock and summed trial time', () => {
    const trials = trialsWithValues([1, 2, 3])
    expect(wallTimeMs(trials)).toBe(2500)
    expect(totalDurationMs(trials)).toBe(1500)
    expect(wallTimeMs([])).toBeNull()
  })
})
