import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { bestIntermediate, furthestBeforeLast, furthestStep, secondFurthestStep, valueAt, valueAtOrPast } from '../../src/pruners/intermediate.js'
import { MedianPruner } from '../../src/pruners/median.js'
import type { IntermediateValue, TrialRecord } from '../../src/trial/types.js'

/** The answers by a plain scan of the list: what the incremental summary must always agree with. */
function scan(reports: readonly IntermediateValue[], step: number) {
  const steps = reports.map((r) => r.step)
  const furthest = steps.length ? Math.max(...steps) : undefined
  const others = steps.filter((s) => s !== furthest)
  let past: IntermediateValue | undefined
  for (const r of reports) if (r.step >= step && (past === undefined || r.step <= past.step)) past = r
  const finite = reports.map((r) => r.value).filter((v) => !Number.isNaN(v))
  let at: number | undefined
  for (const r of reports) if (r.step === step) at = r.value
  return {
    furthest,
    second: others.length ? Math.max(...others) : Number.NEGATIVE_INFINITY,
    beforeLast: reports.length > 1 ? Math.max(...steps.slice(0, -1)) : Number.NEGATIVE_INFINITY,
    at,
    past: past?.value,
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
  }
}

function record(intermediate: readonly IntermediateValue[]): TrialRecord {
  return { intermediate } as unknown as TrialRecord
}

describe('the pruners’ view of a trial’s reports (issue 11, item 8)', () => {
  it('answers as a scan does while the list grows, moves a re-reported step to the end or replaces its last report', () => {
    const rng = seedrandom('intermediate')
    for (let run = 0; run < 40; run++) {
      const reports: IntermediateValue[] = []
      const t = record(reports)
      let next = 0
      for (let k = 0; k < 120; k++) {
        const u = rng()
        const value = rng() < 0.05 ? Number.NaN : Math.round(rng() * 100) / 10
        if (u < 0.7 || reports.length === 0) {
          next += 1 + Math.floor(rng() * 3)
          reports.push({ step: next, value })
        } else if (u < 0.8) {
          // A re-reported step moves to the end (the trial handle's and the stores' rule).
          const i = Math.floor(rng() * reports.length)
          const [old] = reports.splice(i, 1)
          reports.push({ step: old!.step, value })
        } else if (u < 0.9) {
          next += 1
          reports[reports.length - 1] = { step: next, value } // past the cap
        } else if (u < 0.95)
          reports.push({ step: Math.floor(rng() * next) + 0.5, value }) // an out-of-order step
        else reports.splice(Math.floor(rng() * reports.length), 1)
        const probe = Math.floor(rng() * (next + 2))
        const want = scan(reports, probe)
        expect(furthestStep(t)).toBe(want.furthest)
        expect(secondFurthestStep(t)).toBe(want.second)
        expect(furthestBeforeLast(t)).toBe(want.beforeLast)
        expect(valueAt(t, probe)).toBe(want.at)
        expect(valueAtOrPast(t, probe)).toBe(want.past)
        expect(bestIntermediate(t, 'minimize')).toBe(want.min)
        expect(bestIntermediate(t, 'maximize')).toBe(want.max)
      }
    }
  })

  it('costs each report O(1): 10,000 reports judged against 20 finished trials of 5,000 steps each', () => {
    // Work counted, not timed: every read of a report from any list goes through a counter, which throws past a
    // budget of a few passes over all the lists plus a few reads of each list per report (its last report); a scan
    // on each report would read 10,000 × 20 × 5,000 of them.
    let reads = 0
    const budget = 4 * (20 * 5_000 + 10_000) + 8 * 21 * 10_000
    const counted = (list: IntermediateValue[]): IntermediateValue[] =>
      new Proxy(list, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key) && ++reads > budget) throw new Error(`over ${budget} reads of reports`)
          return Reflect.get(target, key, receiver)
        },
      })
    const finished = Array.from({ length: 20 }, (_, n) => ({
      number: n,
      state: 'complete',
      intermediate: counted(Array.from({ length: 5_000 }, (_, s) => ({ step: s, value: 1 + n / 100 + 1 / (s + 1) }))),
    })) as unknown as TrialRecord[]
    const reports = counted([])
    const trial = { number: 99, state: 'running', intermediate: reports } as unknown as TrialRecord
    const pruner = new MedianPruner({ startupTrials: 5, warmupSteps: 0, intervalSteps: 1, minTrials: 1 })
    let pruned = 0
    for (let s = 0; s < 10_000; s++) {
      reports.push({ step: s, value: 0.5 })
      if (pruner.shouldPrune(trial, finished, 'minimize')) pruned++
    }
    expect(pruned).toBe(0)
    expect(reads).toBeLessThan(budget)
    // And the decisions are a scan's: a trial worse than every finished one at its step is pruned.
    const worse = { number: 98, state: 'running', intermediate: [{ step: 10, value: 9 }] } as unknown as TrialRecord
    expect(pruner.shouldPrune(worse, finished, 'minimize')).toBe(true)
  })
})
