import { describe, expect, it } from 'vitest'
import { bracketOf, HyperbandPruner, hyperbandBrackets, type HyperbandOptions } from '../../src/pruners/index.js'
import { complete, negated, pruned, running } from '../../src/testing/trials.js'

const hyperband = (options: Partial<HyperbandOptions> = {}) => new HyperbandPruner({ minResource: 1, reductionFactor: 3, maxResource: 27, ...options })

describe('hyperband brackets', () => {
  it('counts floor(log_η(max/min)) + 1 brackets, weighted as Optuna does', () => {
    // n = 4 (rungs 1 3 9 27 fit in 27). Bracket b, s = n-1-b: ceil(n·η^s / (s+1)):
    //   b0: ceil(4·27/4) = 27, b1: ceil(4·9/3) = 12, b2: ceil(4·3/2) = 6, b3: ceil(4·1/1) = 4; total 49.
    expect(hyperbandBrackets(1, 27, 3)).toEqual({ count: 4, budgets: [27, 12, 6, 4], total: 49 })
    expect(hyperbandBrackets(1, 26, 3).count).toBe(3)
    // log_3(243) is 4.999... in floating point; the count must still be 6.
    expect(hyperbandBrackets(1, 243, 3).count).toBe(6)
    // 2 6 18 54 fit in 100.
    expect(hyperbandBrackets(2, 100, 3).count).toBe(4)
    expect(hyperbandBrackets(5, 5, 3)).toEqual({ count: 1, budgets: [1], total: 1 })
  })

  it('assigns a trial to a bracket from its number alone: the same on every call and every machine', () => {
    const b = hyperbandBrackets(1, 27, 3)
    const first = Array.from({ length: 20 }, (_, n) => bracketOf(n, b))
    expect(Array.from({ length: 20 }, (_, n) => bracketOf(n, hyperbandBrackets(1, 27, 3)))).toEqual(first)
    // Pinned: a resumed study relies on every trial keeping its bracket, so the hash must never change.
    expect(first).toEqual([0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 3, 0])
    expect(bracketOf(23, b)).toBe(2)
  })

  it('covers every bracket, in proportion to its budget', () => {
    for (const [min, max, eta] of [
      [1, 27, 3],
      [1, 81, 3],
      [1, 16, 2],
      [2, 100, 4],
    ] as const) {
      const b = hyperbandBrackets(min, max, eta)
      const counts = Array.from({ length: b.count }, () => 0)
      for (let n = 0; n < 10_000; n++) counts[bracketOf(n, b)]!++
      for (let i = 0; i < b.count; i++) expect(counts[i]! / 10_000).toBeCloseTo(b.budgets[i]! / b.total, 1)
      const seen = new Set(Array.from({ length: 200 }, (_, n) => bracketOf(n, b)))
      expect(seen.size).toBe(b.count)
    }
  })
})

// With (1, 27, 3): trials 0 2 5 7 are in bracket 0 (rungs 1 3 9), 1 3 4 6 in bracket 1 (rungs 3 9),
// 23 42 in bracket 2 (rung 9), 18 27 in bracket 3 (its rung, 27, is maxResource: no decision).
describe('hyperband pruner', () => {
  it('runs successive halving inside each bracket, from its own first rung', () => {
    // Bracket 0 at rung 1: 0.5 against trial 0's 0.1, n = 2, keep 1 -> pruned.
    expect(hyperband().shouldPrune(running(2, { 1: 0.5 }), [running(0, { 1: 0.1 })], 'minimize')).toBe(true)
    expect(hyperband().shouldPrune(running(2, { 1: 0.1 }), [running(0, { 1: 0.1 })], 'minimize')).toBe(false)
    // Bracket 1 has no rung at 1; at 3, trial 3 (bracket 1) has 0.1.
    const b1 = [running(3, { 1: 0.1, 3: 0.1 })]
    expect(hyperband().shouldPrune(running(1, { 1: 0.5 }), b1, 'minimize')).toBe(false)
    expect(hyperband().shouldPrune(running(1, { 1: 0.5, 3: 0.5 }), b1, 'minimize')).toBe(true)
    // Bracket 2: nothing before 9.
    const b2 = [running(42, { 3: 0.1, 9: 0.1 })]
    expect(hyperband().shouldPrune(running(23, { 3: 50 }), b2, 'minimize')).toBe(false)
    expect(hyperband().shouldPrune(running(23, { 3: 50, 9: 0.5 }), b2, 'minimize')).toBe(true)
  })

  it('compares a trial only with the trials of its bracket', () => {
    // Trial 3 (bracket 1) is far better at 1 and 3, but trial 2 (bracket 0) only meets trial 0 (0.6).
    const history = [running(0, { 1: 0.6, 3: 0.6 }), running(3, { 1: 0.01, 3: 0.01 }), pruned(4, { 1: 0.01, 3: 0.02 })]
    expect(hyperband().shouldPrune(running(2, { 1: 0.5 }), history, 'minimize')).toBe(false)
    expect(hyperband().shouldPrune(running(2, { 1: 0.5, 2: 0.5, 3: 0.5 }), history, 'minimize')).toBe(false)
    // Trial 1 (bracket 1) meets 0.01 and 0.02 at 3 -> pruned; trial 0's 0.6 does not help it.
    expect(hyperband().shouldPrune(running(1, { 3: 0.5 }), history, 'minimize')).toBe(true)
  })

  it('never prunes in the last bracket when its only rung is maxResource', () => {
    const history = [complete(27, { 1: 0.01, 3: 0.01, 9: 0.01, 27: 0.01 })]
    for (const step of [1, 3, 9, 26, 27]) expect(hyperband().shouldPrune(running(18, { [step]: 50 }), history, 'minimize')).toBe(false)
  })

  it('maximizes the mirror image', () => {
    expect(hyperband().shouldPrune(running(2, { 1: -0.5 }), [negated(running(0, { 1: 0.1 }))], 'maximize')).toBe(true)
    expect(hyperband().shouldPrune(running(2, { 1: -0.1 }), [negated(running(0, { 1: 0.1 }))], 'maximize')).toBe(false)
    expect(hyperband().shouldPrune(running(2, { 1: 0.5 }), [running(0, { 1: 0.1 })], 'maximize')).toBe(false)
  })

  it('"auto" prunes nothing until a trial completes, then takes its last step as maxResource', () => {
    const auto = hyperband({ maxResource: 'auto' })
    const before = [running(0, { 1: 0.1 })]
    expect(auto.shouldPrune(running(2, { 1: 0.5 }), before, 'minimize')).toBe(false)
    // Trial 5 completed at step 27: four brackets as with maxResource 27; trial 2 is in bracket 0.
    const after = [...before, complete(5, { 1: 0.1, 3: 0.1, 9: 0.1, 27: 0.1 })]
    expect(auto.shouldPrune(running(2, { 1: 0.5 }), after, 'minimize')).toBe(true)
    // A pruned trial does not tell where a full run ends.
    expect(auto.shouldPrune(running(2, { 1: 0.5 }), [...before, pruned(5, { 1: 0.1, 3: 0.1 })], 'minimize')).toBe(false)
  })

  it('ignores its own entry in the history', () => {
    // Counted, the copy's 0.1 would beat 0.5 -> pruned; alone in bracket 0 it is kept.
    expect(hyperband().shouldPrune(running(2, { 1: 0.5 }), [complete(2, { 1: 0.1 })], 'minimize')).toBe(false)
    expect(hyperband().shouldPrune(running(2, { 1: 0.5 }), [running(2, { 1: 0.5 }), running(0, { 1: 0.5 })], 'minimize')).toBe(false)
  })
})
