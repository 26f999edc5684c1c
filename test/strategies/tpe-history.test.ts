import { describe, expect, it } from 'vitest'
import { FULL_HISTORY_UP_TO, HistorySubset, modelledHistory } from '../../src/strategies/tpe/history.js'
import { complete, failed, pruned, running } from '../../src/testing/trials.js'
import type { Params } from '../../src/space/types.js'
import type { TrialRecord } from '../../src/trial/types.js'
import { createRng } from '../../src/util/rng.js'

const O = { gamma: 0.1, maxGood: 25, maxBad: 1000, constantLiar: true }

/** A long conditional history: two patterns (with and without `depth`), a few failed, pruned and running trials. */
function history(n: number, seed = 1): TrialRecord[] {
  const rng = createRng(seed)
  return Array.from({ length: n }, (_, i) => {
    const value = Math.round(rng() * 500) / 10 // ties on purpose
    const params: Params = rng() < 0.3 ? { x: rng(), depth: 3 } : { x: rng() }
    const r = rng()
    if (r < 0.02) return failed(i, [], { params })
    if (r < 0.05) return pruned(i, [value + 100], { params })
    if (r < 0.06) return running(i, [], { params })
    return complete(i, [value], { params })
  })
}

const numbers = (ts: readonly TrialRecord[]) => ts.map((t) => t.number)

describe('the history a tpe ask models on a long study', () => {
  it('is the whole history up to FULL_HISTORY_UP_TO trials (every suite budget is far below it)', () => {
    const h = history(FULL_HISTORY_UP_TO)
    expect(modelledHistory(h, 'minimize', O, ['depth'])).toBe(h)
  })

  it('keeps the pending trials, the maxGood best of each pattern, and an even stride of the rest, in trial order', () => {
    const h = history(20_000)
    const sub = modelledHistory(h, 'minimize', O, ['depth'])
    const kept = new Set(numbers(sub))
    expect(numbers(sub)).toEqual([...numbers(sub)].sort((a, b) => a - b))
    for (const t of h) if (t.state === 'running') expect(kept.has(t.number)).toBe(true)
    for (const t of sub) expect(t.state).not.toBe('fail')
    for (const withDepth of [true, false]) {
      const finished = h.filter((t) => (t.state === 'complete' || t.state === 'pruned') && 'depth' in t.params === withDepth)
      const rank = (t: TrialRecord) => (t.state === 'complete' ? 0 : 1e9) + t.value!
      const best = [...finished].sort((a, b) => rank(a) - rank(b) || a.number - b.number).slice(0, O.maxGood)
      for (const t of best) expect(kept.has(t.number), `trial ${t.number}`).toBe(true)
    }
    const running = h.filter((t) => t.state === 'running').length
    expect(sub.length).toBeLessThanOrEqual(running + 2 * O.maxGood + O.maxBad)
    expect(sub.length).toBeGreaterThanOrEqual(running + 2 * O.maxGood + O.maxBad - 1)
    // For a maximised objective the best are the largest values.
    const max = modelledHistory(h, 'maximize', O, ['depth'])
    const top = h.filter((t) => t.state === 'complete').sort((a, b) => b.value! - a.value! || a.number - b.number)[0]!
    expect(numbers(max)).toContain(top.number)
  })

  it('gives the same subset incrementally as from scratch, while trials finish and new ones arrive', () => {
    const final = history(6_000, 7)
    // Replay: trials appear as running, and each finishes a few asks later (its record replaced).
    const live: TrialRecord[] = []
    const incremental = new HistorySubset('minimize', O, ['depth'])
    for (let i = 0; i < final.length; i++) {
      live.push(running(i, [], { params: final[i]!.params }))
      if (i >= 3) live[i - 3] = final[i - 3]!
      if (i % 97 === 0 || i === final.length - 1) expect(numbers(incremental.select(live))).toEqual(numbers(modelledHistory(live, 'minimize', O, ['depth'])))
    }
    // A store that reloads (positions change) starts the subset over and still agrees.
    const shuffled = [...live.slice(100), ...live.slice(0, 100)]
    expect(numbers(incremental.select(shuffled))).toEqual(numbers(modelledHistory(shuffled, 'minimize', O, ['depth'])))
  })

  it('is the whole history when the good set is not capped (γ·n below maxGood)', () => {
    const h = history(5_000)
    expect(modelledHistory(h, 'minimize', { ...O, gamma: 0.001 }, [])).toBe(h)
  })
})
