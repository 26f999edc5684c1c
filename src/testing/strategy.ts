import { describe, expect, it } from 'vitest'
import { createRng } from '../util/rng.js'
import { isActive } from '../space/conditions.js'
import { parseSpace } from '../space/parse.js'
import { isValidValue } from '../space/transform.js'
import type { Params } from '../space/types.js'
import { createStrategy, EXHAUSTED } from '../strategies/index.js'
import { MultiObjectiveError } from '../errors.js'
import type { AskContext } from '../strategies/types.js'
import type { Direction, TrialRecord } from '../trial/types.js'

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

/** Two objectives to trade off (the loss, and a cost that grows with lr and layers) and one constraint. */
const DIRECTIONS: readonly Direction[] = ['minimize', 'maximize']
function objectives(p: Params): { values: number[]; constraints: number[] } {
  const cost = -Math.log10(p.lr as number) - (p.layers as number)
  return { values: [loss(p), cost], constraints: [(p.x as number) - 0.75] }
}

/**
 * Grows a history of `n` trials with the strategy itself: complete, with a failure, a pruned and a running trial
 * mixed in. `multi`: two objectives with a constraint (every third complete trial infeasible, roughly).
 */
function grow(name: string, n: number, seed: number, multi = false): TrialRecord[] {
  const strategy = createStrategy({ name, seed })
  const trials: TrialRecord[] = []
  for (let i = 0; i < n; i++) {
    const p = strategy.ask(context(trials, `${seed}/${i}`, i, seed, multi))
    if (p === EXHAUSTED) break
    const state = multi
      ? i % 9 === 4
        ? 'fail'
        : i === n - 1
          ? 'running'
          : 'complete'
      : i % 7 === 3
        ? 'fail'
        : i % 7 === 5
          ? 'pruned'
          : i === n - 1
            ? 'running'
            : 'complete'
    const r = record(i, p, state, state === 'fail' || state === 'running' ? null : loss(p))
    if (multi && state === 'complete') {
      const o = objectives(p)
      trials.push({ ...r, value: o.values[0]!, values: o.values, constraints: o.constraints })
    } else trials.push(r)
  }
  return trials
}

function context(trials: readonly TrialRecord[], rng: string, number: number, seed: number, multi: boolean): AskContext {
  return { space: SPACE, direction: 'minimize', ...(multi ? { directions: DIRECTIONS } : {}), trials, rng: createRng(rng), number, seed }
}

/** Whether a strategy takes multi-objective studies: one that does not must say so with MultiObjectiveError. */
function acceptsMultiObjective(name: string): boolean {
  try {
    grow(name, 3, 9, true)
    return true
  } catch (e) {
    if (e instanceof MultiObjectiveError) return false
    throw e
  }
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

    describe.skipIf(!acceptsMultiObjective(name))('multi-objective studies (two objectives, a constraint)', () => {
      it('proposes only valid values, with exactly the active parameters, past any start-up phase', () => {
        const trials = grow(name, 45, 5, true)
        expect(trials.length).toBeGreaterThan(20)
        for (const t of trials) expect(problems(t.params), JSON.stringify(t.params)).toEqual([])
      })

      it('is a pure function of the history: same inputs, same proposal, history unchanged; seeds matter', () => {
        const trials = grow(name, 30, 6, true)
        const frozen = structuredClone(trials)
        const ask = () => createStrategy({ name, seed: 6 }).ask(context(trials, '6/x', trials.length, 6, true))
        expect(ask()).toEqual(ask())
        expect(trials).toEqual(frozen)
        const key = (ts: TrialRecord[]) => JSON.stringify(ts.map((t) => t.params))
        expect(key(grow(name, 25, 7, true))).toBe(key(grow(name, 25, 7, true)))
        expect(key(grow(name, 25, 7, true))).not.toBe(key(grow(name, 25, 8, true)))
      })
    })
  })
}
