import { describe, expect, it } from 'vitest'
import { AshaPruner, type AshaOptions } from '../../src/pruners/index.js'
import { isPromotable, rungStepsUpTo, rungValue } from '../../src/pruners/rungs.js'
import { complete, failed, negated, pruned, running } from '../../src/testing/trials.js'

// η = 3, minResource 1: rungs at steps 1, 3, 9, 27. maxResource 100 unless a test is about it.
const asha = (options: Partial<AshaOptions> = {}) =>
  new AshaPruner({ minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0, maxResource: 100, ...options })

// Values recorded at rung 1 (step 1), by trials of every state: 0.5 0.7 0.9 0.3 0.8.
const RUNG1 = [
  complete(0, { 1: 0.5, 3: 0.4, 9: 0.3 }),
  pruned(1, { 1: 0.7 }),
  running(2, { 1: 0.9, 2: 0.85 }),
  failed(3, { 1: 0.3, 3: 0.2 }),
  pruned(4, { 1: 0.8, 3: 0.9 }),
]

describe('asha pruner', () => {
  it('places rungs at minResource·η^(s+k), below maxResource', () => {
    expect(rungStepsUpTo({ minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0, maxResource: undefined }, 30)).toEqual([1, 3, 9, 27])
    expect(rungStepsUpTo({ minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0, maxResource: 27 }, 30)).toEqual([1, 3, 9])
    expect(rungStepsUpTo({ minResource: 2, reductionFactor: 2, minEarlyStoppingRate: 1, maxResource: undefined }, 30)).toEqual([4, 8, 16])
  })

  describe('promotion at a rung with η = 3', () => {
    it('keeps the best floor(n/3) of the n values at the rung, itself included', () => {
      // n = 6, keep 2. 0.6: sorted 0.3 0.5 | 0.6 0.7 0.8 0.9 -> outside the best two -> pruned.
      expect(asha().shouldPrune(running(5, { 1: 0.6 }), RUNG1, 'minimize')).toBe(true)
      // 0.5: sorted 0.3 0.5 0.5 ... -> ties the second best -> kept.
      expect(asha().shouldPrune(running(5, { 1: 0.5 }), RUNG1, 'minimize')).toBe(false)
      // 0.4: sorted 0.3 0.4 | ... -> kept.
      expect(asha().shouldPrune(running(5, { 1: 0.4 }), RUNG1, 'minimize')).toBe(false)
    })

    it('keeps at least the best one, so the first trials at a rung must beat all before them', () => {
      // n = 5, floor(5/3) = 1: 0.4 against 0.5 0.7 0.9 0.3 is second -> pruned (with n = 6 above it was kept).
      expect(asha().shouldPrune(running(5, { 1: 0.4 }), RUNG1.slice(0, 4), 'minimize')).toBe(true)
      // n = 2, floor(2/3) = 0 -> 1: only a value at least as good as 0.5 goes on.
      expect(asha().shouldPrune(running(5, { 1: 0.6 }), RUNG1.slice(0, 1), 'minimize')).toBe(true)
      expect(asha().shouldPrune(running(5, { 1: 0.5 }), RUNG1.slice(0, 1), 'minimize')).toBe(false)
      // n = 1: alone at the rung, always kept.
      expect(asha().shouldPrune(running(5, { 1: 99 }), [], 'minimize')).toBe(false)
    })

    it('compares at a later rung only with the trials that reached it', () => {
      // Rung 3 values: 0.4 0.2 0.9 0.35 0.6 (trials 1, 2 and 8 stopped before step 3 and do not count).
      const history = [...RUNG1, complete(6, { 1: 0.45, 3: 0.35, 9: 0.3 }), pruned(7, { 1: 0.6, 3: 0.6 }), pruned(8, { 1: 0.01 })]
      // n = 6, keep 2. 0.3: sorted 0.2 0.3 | 0.35 ... -> kept. 0.36: sorted 0.2 0.35 | 0.36 ... -> pruned.
      expect(asha().shouldPrune(running(9, { 1: 0.3, 2: 0.3, 3: 0.3 }), history, 'minimize')).toBe(false)
      expect(asha().shouldPrune(running(9, { 1: 0.3, 2: 0.3, 3: 0.36 }), history, 'minimize')).toBe(true)
      // Without trial 7 (n = 5, keep 1), 0.3 is second to 0.2 -> pruned.
      expect(
        asha().shouldPrune(
          running(9, { 1: 0.3, 2: 0.3, 3: 0.3 }),
          history.filter((t) => t.number !== 7),
          'minimize',
        ),
      ).toBe(true)
    })

    it('maximizes the mirror image', () => {
      const history = RUNG1.map(negated)
      expect(asha().shouldPrune(running(5, { 1: -0.6 }), history, 'maximize')).toBe(true)
      expect(asha().shouldPrune(running(5, { 1: -0.5 }), history, 'maximize')).toBe(false)
      expect(asha().shouldPrune(running(5, { 1: -0.4 }), history, 'maximize')).toBe(false)
      // The minimize history read as maximize: best two are 0.9 and 0.8.
      expect(asha().shouldPrune(running(5, { 1: 0.8 }), RUNG1, 'maximize')).toBe(false)
      expect(asha().shouldPrune(running(5, { 1: 0.75 }), RUNG1, 'maximize')).toBe(true)
    })
  })

  describe('when it decides', () => {
    it('decides nothing between rungs, nor at a rung already passed', () => {
      expect(asha().shouldPrune(running(5, { 1: 0.4, 2: 50 }), RUNG1, 'minimize')).toBe(false)
      // Alone at rung 1 when it got there (kept); better trials reaching rung 1 since do not take it back.
      expect(asha().shouldPrune(running(5, { 1: 0.95, 2: 0.9 }), RUNG1, 'minimize')).toBe(false)
      expect(asha().shouldPrune(running(5, { 1: 0.4, 2: 0.3, 3: 0.3, 4: 50, 8: 50 }), RUNG1, 'minimize')).toBe(false)
    })

    it('decides nothing on a report behind the furthest step (a step reported again)', () => {
      const t = {
        ...running(5, {}),
        intermediate: [
          { step: 1, value: 0.3 },
          { step: 3, value: 0.2 },
          { step: 1, value: 50 },
        ],
      }
      expect(asha().shouldPrune(t, RUNG1, 'minimize')).toBe(false)
    })

    it('judges a trial that skipped a rung step with its first report past it, and records that value', () => {
      // Rung 3 values: trial 0 reported 2 and 4 -> its value at 4 (0.2); trial 1 -> 0.5 at step 3.
      const history = [complete(0, { 2: 0.3, 4: 0.2 }), complete(1, { 1: 0.6, 3: 0.5, 5: 0.4 })]
      expect(rungValue(history[0]!, 3)).toBe(0.2)
      expect(rungValue(history[0]!, 1)).toBe(0.3)
      expect(rungValue(history[1]!, 5)).toBe(0.4)
      expect(rungValue(history[1]!, 6)).toBeUndefined()
      // Trial 5 reports 2 then 4: at 4 it reaches rung 3 with 0.3; n = 3, keep 1: 0.2 is better -> pruned.
      expect(asha().shouldPrune(running(5, { 2: 0.1, 4: 0.3 }), history, 'minimize')).toBe(true)
      expect(asha().shouldPrune(running(5, { 2: 0.1, 4: 0.2 }), history, 'minimize')).toBe(false)
      // Its report at 2 reached rung 1: values 0.3 (trial 0 at step 2) and 0.6; 0.5 is second of three -> pruned.
      expect(asha().shouldPrune(running(5, { 2: 0.5 }), history, 'minimize')).toBe(true)
    })

    it('judges a report that jumps several rungs at each of them, with its value', () => {
      // Rung 3 values 0.4 0.3 0.8; rung 9 values 0.3 0.1 (trial 2 stopped at 3).
      const history = [running(0, { 1: 0.5, 3: 0.4, 9: 0.3, 10: 0.3 }), running(1, { 1: 0.3, 3: 0.3, 9: 0.1 }), pruned(2, { 1: 0.7, 3: 0.8 })]
      // 0.25: rung 3, n = 4 keep 1: best -> on; rung 9, n = 3 keep 1: 0.1 is better -> pruned.
      expect(asha().shouldPrune(running(5, { 1: 0.2, 10: 0.25 }), history, 'minimize')).toBe(true)
      // 0.1: best at rung 3, ties 0.1 at rung 9 -> kept.
      expect(asha().shouldPrune(running(5, { 1: 0.2, 10: 0.1 }), history, 'minimize')).toBe(false)
    })
  })

  it('counts the rung values of trials in every state: pruned, running, failed', () => {
    for (const other of [pruned(0, { 1: 0.3 }), running(0, { 1: 0.3 }), failed(0, { 1: 0.3 }), complete(0, { 1: 0.3 })]) {
      expect(asha().shouldPrune(running(5, { 1: 0.5 }), [other], 'minimize')).toBe(true)
    }
  })

  it('ignores its own entry in the history', () => {
    // Counted, the stale copy's 0.1 would make 0.4 second of three (keep 1) -> pruned.
    const history = [complete(0, { 1: 0.5 }), complete(5, { 1: 0.1 })]
    expect(asha().shouldPrune(running(5, { 1: 0.4 }), history, 'minimize')).toBe(false)
    expect(asha().shouldPrune(running(5, { 1: 0.4 }), [...RUNG1, running(5, { 1: 0.4 })], 'minimize')).toBe(false)
  })

  it('starts the ladder at minResource·η^minEarlyStoppingRate', () => {
    const p = asha({ minEarlyStoppingRate: 1 }) // rungs 3, 9, 27
    expect(p.shouldPrune(running(5, { 1: 50 }), RUNG1, 'minimize')).toBe(false)
    // Rung 3 values 0.4 0.2 0.9; 0.3 is second of four (keep 1) -> pruned.
    expect(p.shouldPrune(running(5, { 1: 50, 3: 0.3 }), RUNG1, 'minimize')).toBe(true)
    const two = asha({ minResource: 2, reductionFactor: 2 }) // rungs 2, 4, 8
    expect(two.shouldPrune(running(5, { 1: 50 }), [complete(0, { 1: 0.1, 2: 0.1 })], 'minimize')).toBe(false)
    expect(two.shouldPrune(running(5, { 1: 50, 2: 50 }), [complete(0, { 1: 0.1, 2: 0.1 })], 'minimize')).toBe(true)
  })

  describe('maxResource', () => {
    // Trial 1 at 9 behind trial 0: pruned at rung 9 unless rung 9 is the top of the ladder.
    const history = [running(0, { 1: 0.1, 3: 0.1, 9: 0.1 })]
    const late = running(1, { 1: 0.1, 3: 0.1, 8: 0.1, 9: 0.5 })

    it('makes no decision at or past it: a trial that ran its full budget ends complete', () => {
      expect(asha({ maxResource: 10 }).shouldPrune(late, history, 'minimize')).toBe(true)
      expect(asha({ maxResource: 9 }).shouldPrune(late, history, 'minimize')).toBe(false)
      expect(asha({ maxResource: 9 }).shouldPrune(running(1, { 1: 0.1, 3: 0.5 }), history, 'minimize')).toBe(true)
    })

    it('"auto" is the last step of the first trial to complete, and no cap before one does', () => {
      expect(asha({ maxResource: 'auto' }).shouldPrune(late, history, 'minimize')).toBe(true)
      const done = [complete(0, { 1: 0.1, 3: 0.1, 9: 0.1 })]
      expect(asha({ maxResource: 'auto' }).shouldPrune(late, done, 'minimize')).toBe(false)
      // The first to finish sets it, even if a longer one finished later.
      const longer = [...done, complete(2, { 1: 0.1, 3: 0.1, 9: 0.01, 27: 0.01 })]
      expect(asha({ maxResource: 'auto' }).shouldPrune(late, longer, 'minimize')).toBe(false)
      const longerFirst = [done[0]!, complete(2, { 1: 0.1, 3: 0.1, 9: 0.01, 27: 0.01 }, { finishedAt: '2023-12-31T00:00:00.000Z' })]
      expect(asha({ maxResource: 'auto' }).shouldPrune(late, longerFirst, 'minimize')).toBe(true)
    })
  })

  it('prunes a NaN at a rung, as Optuna does, and ignores NaN values of others', () => {
    expect(asha().shouldPrune(running(5, { 1: Number.NaN }), RUNG1, 'minimize')).toBe(true)
    expect(asha().shouldPrune(running(5, { 1: Number.NaN, 2: Number.NaN }), [], 'minimize')).toBe(false) // not at a rung
    // Counted, the NaNs would make n = 4 and poison the sorted threshold; ignored, 0.5 ties the one other value.
    expect(
      asha().shouldPrune(running(5, { 1: 0.5 }), [complete(0, { 1: 0.5 }), complete(1, { 1: Number.NaN }), complete(2, { 1: Number.NaN })], 'minimize'),
    ).toBe(false)
  })

  it('isPromotable handles infinities', () => {
    expect(isPromotable(Number.NEGATIVE_INFINITY, [1, 2], 3, 'minimize')).toBe(true)
    expect(isPromotable(Number.POSITIVE_INFINITY, [1, 2], 3, 'minimize')).toBe(false)
    expect(isPromotable(Number.POSITIVE_INFINITY, [1, 2], 3, 'maximize')).toBe(true)
  })
})
