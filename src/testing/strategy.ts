import { describe, expect, it } from 'vitest'
import { createRng } from '../util/rng.js'
import { isActive } from '../space/conditions.js'
import { parseSpace } from '../space/parse.js'
import { isValidValue } from '../space/transform.js'
import type { Params } from '../space/types.js'
import { createStrategy, EXHAUSTED } from '../strategies/index.js'
import type { TrialRecord } from '../trial/types.js'

/** A space with every kind of parameter and a chained condition. */
const SPACE = parseSpace({
  parameters: {
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    x: { type: 'float', low: -1, high: 1, step: 0.25 },
    layers: { type: 'int', low: 1, high: 4 },
    batch: { type: 'int', low: 8, high: 256, log: true },
    opt: { type: 'categorical', choices: ['sgd', 'momentum', 'adam'] },
    momentum: { type: 'float', low: 0.5, high: 0.99, when: { opt: 'momentum' } },
    nesterov: { type: 'categorical', choices: [true, false], when: { opt: 'momentum' } },
    damping: { type: 'float', low: 0, high: 0.5, when: { nesterov: true } },
    epochs: { type: 'constant', value: 5 },
  },
})

function record(number: number, params: Params, state: TrialRecord['state'], value: number | null): TrialRecord {
  return {
    number,
    state,
    params,
    value,
    metrics: {},
    intermediate: value === null ? [] : [{ step: 1, value }],
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    seed: number,
    strategy: 'test',
    error: state === 'fail' ? { reason: 'diverged' } : null,
  }
}

function loss(p: Params): number {
  return Math.log10(p.lr as number) ** 2 + (p.x as number) ** 2 + (p.opt === 'adam' ? 0 : 1)
}

/** Problems with a proposal: a missing active parameter, an inactive one present, or a value the parameter cannot take. */
function problems(p: Params): string[] {
  const out: string[] = []
  const seen: Params = {}
  for (const q of SPACE.parameters) {
    if (!isActive(q, seen)) {
      if (q.name in p) out.push(`${q.name} present though inactive`)
      continue
    }
    if (!(q.name in p)) out.push(`${q.name} missing`)
    else if (!isValidValue(q, p[q.name])) out.push(`${q.name} = ${JSON.stringify(p[q.name])} invalid`)
    seen[q.name] = p[q.name]!
  }
  return out
}

/** Grows a history of `n` trials with the strategy itself: complete, with a failure, a pruned and a running trial mixed in. */
function grow(name: string, n: number, seed: number): TrialRecord[] {
  const strategy = createStrategy({ name, seed })
  const trials: TrialRecord[] = []
  for (let i = 0; i < n; i++) {
    const p = strategy.ask({ space: SPACE, direction: 'minimize', trials, rng: createRng(`${seed}/${i}`), number: i, seed })
    if (p === EXHAUSTED) break
    const state = i % 7 === 3 ? 'fail' : i % 7 === 5 ? 'pruned' : i === n - 1 ? 'running' : 'complete'
    trials.push(record(i, p, state, state === 'fail' || state === 'running' ? null : loss(p)))
  }
  return trials
}

/** The contract every strategy keeps, run against each one in a few lines. */
export function strategyConformance(name: string): void {
  describe(`strategy conformance: ${name}`, () => {
    it('proposes only valid values, with exactly the active parameters, whatever the history holds', () => {
      const trials = grow(name, 40, 1)
      expect(trials.length).toBeGreaterThan(20)
      for (const t of trials) expect(problems(t.params), JSON.stringify(t.params)).toEqual([])
    })

    it('is a pure function of (space, history, rng): the same inputs give the same proposal, and the history is not changed', () => {
      const trials = grow(name, 25, 2)
      const frozen = structuredClone(trials)
      const ask = () =>
        createStrategy({ name, seed: 2 }).ask({ space: SPACE, direction: 'minimize', trials, rng: createRng('2/x'), number: trials.length, seed: 2 })
      const a = ask()
      const b = ask()
      expect(b).toEqual(a)
      expect(trials).toEqual(frozen)
    })

    it('gives the same sequence for the same seed, and another for another seed', () => {
      const key = (ts: TrialRecord[]) => JSON.stringify(ts.map((t) => t.params))
      expect(key(grow(name, 15, 3))).toBe(key(grow(name, 15, 3)))
      expect(key(grow(name, 15, 3))).not.toBe(key(grow(name, 15, 4)))
    })
  })
}
