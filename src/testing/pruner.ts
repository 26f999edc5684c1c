/**
 * What every pruner must do, whatever its rule. Run it against an implementation in one line:
 * `prunerConformance('median', () => createPruner({ name: 'median' }))`.
 */
import { describe, expect, it } from 'vitest'
import type { TrialState } from '../trial/state.js'
import type { Direction, TrialRecord } from '../trial/types.js'
import { createRng, type Rng } from '../util/rng.js'
import type { Pruner } from '../pruners/types.js'
import { trial } from './trials.js'

const DIRECTIONS: readonly Direction[] = ['minimize', 'maximize']
const STATES: readonly TrialState[] = ['complete', 'complete', 'pruned', 'pruned', 'running', 'fail', 'waiting']

/** A study with `size` trials numbered from 0: noisy decreasing curves over up to 30 steps, of every state. */
function randomHistory(rng: Rng, size: number): TrialRecord[] {
  return Array.from({ length: size }, (_, number) => {
    const state = STATES[Math.floor(rng() * STATES.length)]!
    const full = 1 + Math.floor(rng() * 30)
    const length = state === 'waiting' ? 0 : state === 'complete' ? full : Math.floor(rng() * full)
    return trial(number, state, randomCurve(rng, length))
  })
}

function randomCurve(rng: Rng, length: number): number[] {
  const start = 1 + rng()
  // Rounded to one decimal so that ties with medians and rung thresholds happen too.
  return Array.from({ length }, (_, i) => Math.round((start / (1 + i * rng()) + 0.3 * rng()) * 10) / 10)
}

/** Lengths that often end on a rung (1, 3, 9, 27 for η = 3; 2, 4, 8, 16 for η = 2) and on an interval step. */
const LENGTHS = [1, 2, 3, 4, 8, 9, 16, 27]

/**
 * Many (trial, history) cases: the trial judged is the last of a random study, running, with ≥ 1 report,
 * and somewhat worse than the rest, so that every pruner but none prunes in a fair share of them.
 */
function cases(seed: string, count = 150): { trial: TrialRecord; history: TrialRecord[]; direction: Direction }[] {
  const rng = createRng(seed)
  return Array.from({ length: count }, (_, i) => {
    const direction = DIRECTIONS[i % 2]!
    const history = randomHistory(rng, Math.floor(rng() * 25))
    const length = rng() < 0.7 ? LENGTHS[Math.floor(rng() * LENGTHS.length)]! : 1 + Math.floor(rng() * 30)
    const worse = direction === 'minimize' ? 1.2 : 0.8
    const t = trial(
      history.length,
      'running',
      randomCurve(rng, length).map((v) => v * worse),
    )
    return { trial: t, history, direction }
  })
}

export function prunerConformance(label: string, create: () => Pruner): void {
  describe(`pruner conformance: ${label}`, () => {
    it('has a name', () => {
      expect(create().name).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/)
    })

    it('never prunes with an empty history, nor with only itself in it', () => {
      const pruner = create()
      for (const { trial: t, direction } of cases('empty')) {
        expect(pruner.shouldPrune(t, [], direction)).toBe(false)
        expect(pruner.shouldPrune(t, [t], direction)).toBe(false)
      }
    })

    it('never prunes a trial that has no intermediate values', () => {
      const pruner = create()
      for (const { trial: t, history, direction } of cases('no-reports')) {
        const bare = { ...t, intermediate: [] }
        expect(pruner.shouldPrune(bare, history, direction)).toBe(false)
        expect(pruner.shouldPrune(bare, [...history, bare], direction)).toBe(false)
      }
    })

    it('is deterministic: the same trial and history give the same answer, in any order, from any instance', () => {
      const all = cases('deterministic')
      const first = create()
      const answers = all.map((c) => first.shouldPrune(c.trial, c.history, c.direction))
      // Asked again in reverse order (no state carried from one call to the next), by a fresh instance,
      // and with the history shuffled: storage promises no order.
      const again = [...all]
        .reverse()
        .map((c) => first.shouldPrune(c.trial, c.history, c.direction))
        .reverse()
      const fresh = create()
      const rng = createRng('shuffle')
      const shuffled = all.map((c) => fresh.shouldPrune(c.trial, shuffle(c.history, rng), c.direction))
      expect(again).toEqual(answers)
      expect(shuffled).toEqual(answers)
    })

    it("does not count the trial's own entry in the history as a competitor", () => {
      const pruner = create()
      const rng = createRng('itself')
      for (const { trial: t, history, direction } of cases('itself')) {
        const expected = pruner.shouldPrune(t, history, direction)
        // The stored copy of the trial itself: current, stale (fewer reports), or even a finished one with other values.
        const stale = { ...t, intermediate: t.intermediate.slice(0, -1) }
        const other = trial(t.number, rng() < 0.5 ? 'complete' : 'pruned', randomCurve(rng, 30))
        for (const copy of [t, stale, other]) {
          expect(pruner.shouldPrune(t, [...history, copy], direction)).toBe(expected)
          expect(pruner.shouldPrune(t, [copy, ...history], direction)).toBe(expected)
        }
      }
    })

    it('does not modify the trial or the history', () => {
      const pruner = create()
      for (const { trial: t, history, direction } of cases('frozen', 40)) {
        const before = JSON.stringify([t, history])
        pruner.shouldPrune(t, history, direction)
        expect(JSON.stringify([t, history])).toBe(before)
      }
    })
  })
}

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
