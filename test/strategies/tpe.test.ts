import { describe, expect, it } from 'vitest'
import { builtinStrategies, createRng, createStrategy, createStudy, parseSpace, TunekitError } from '../../src/index.js'
import type { Direction, Params, SearchSpaceInput, Strategy, TrialRecord, TrialState } from '../../src/index.js'
import { toUnit } from '../../src/space/transform.js'
import { SpaceCodec } from '../../src/strategies/tpe/encode.js'
import { logMass01, normCdf, normQuantile } from '../../src/strategies/tpe/math.js'
import { logDensity } from '../../src/strategies/tpe/density.js'
import { fitParzen, type Layout } from '../../src/strategies/tpe/parzen.js'
import { collectObservations, splitGoodBad } from '../../src/strategies/tpe/split.js'
import { subspaces } from '../../src/strategies/tpe/subspaces.js'
import { ALL_AXES, ALL_AXES_EFFECTIVE, CONDITIONAL, configKey, configProblems } from '../helpers/space.js'

const PLANE: SearchSpaceInput = { parameters: { x: { type: 'float', low: -5, high: 5 }, y: { type: 'float', low: -5, high: 5 } } }
const bowl = (p: Params): number => (Number(p.x) - 1) ** 2 + (Number(p.y) + 2) ** 2

/** A trial record as a store would hold it. */
function record(number: number, state: TrialState, params: Params, value: number | null, intermediate: number[] = []): TrialRecord {
  return {
    number,
    state,
    params,
    value,
    metrics: {},
    intermediate: intermediate.map((v, step) => ({ step, value: v })),
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    seed: number,
    strategy: 'test',
    error: null,
  }
}

/** `n` complete trials with random params on PLANE, valued by the bowl. */
function bowlHistory(n: number, seed: string): TrialRecord[] {
  const rng = createRng(seed)
  return Array.from({ length: n }, (_, i) => {
    const params = { x: -5 + 10 * rng(), y: -5 + 10 * rng() }
    return record(i, 'complete', params, bowl(params))
  })
}

// One parsed space per input, as a study holds one for its life (so that cached encodings get reused).
const parsed = new Map<SearchSpaceInput, ReturnType<typeof parseSpace>>()
const askOnce = (s: Strategy, space: SearchSpaceInput, trials: readonly TrialRecord[], direction: Direction = 'minimize'): Params => {
  if (!parsed.has(space)) parsed.set(space, parseSpace(space))
  const out = s.ask({ space: parsed.get(space)!, direction, trials, rng: createRng('fixed'), number: trials.length, seed: 1 })
  if (typeof out !== 'object') throw new Error('exhausted')
  return out
}

/** Runs a serial study and returns every proposal. */
async function serial(
  space: SearchSpaceInput,
  strategy: Record<string, unknown>,
  n: number,
  f: (p: Params) => number,
): Promise<{ params: Params[]; best: number }> {
  const study = await createStudy({ space, strategy: { name: 'tpe', ...strategy } })
  const params: Params[] = []
  for (let i = 0; i < n; i++) {
    const t = await study.ask()
    params.push(t.params)
    await study.tell(t, f(t.params))
  }
  return { params, best: study.best!.value }
}

describe('tpe: registration and options', () => {
  it('is a built-in strategy whose options are validated', () => {
    expect(builtinStrategies.tpe).toBeDefined()
    expect(createStrategy({ name: 'tpe', seed: 3, gamma: 0.2, candidates: 64, startupTrials: 5, multivariate: false, constantLiar: false }).name).toBe('tpe')
    for (const bad of [{ bogus: 1 }, { gamma: 0 }, { candidates: 0 }, { bandwidth: 'silverman' }]) {
      expect(() => createStrategy({ name: 'tpe', ...bad })).toThrow(TunekitError)
    }
  })
})

describe('tpe: numerics', () => {
  it('has an accurate normal CDF and quantile', () => {
    expect(normCdf(1.959963984540054)).toBeCloseTo(0.975, 7)
    for (const x of [-7, -2.5, -0.3, 0, 0.8, 3, 6]) expect(normQuantile(normCdf(x))).toBeCloseTo(x, 5)
  })

  it.each(['scott', 'gaps'] as const)('fits densities that integrate to one over the unit box (truncation and lattice masses included; %s)', (bandwidth) => {
    const vectors = [0.02, 0.3, 0.31, 0.97].map((u, i) => Float64Array.from([u, i % 3]))
    const layout: Layout = { cont: [0], quantised: [false], disc: [{ axis: 1, levels: 3, categorical: false }] }
    const settings = { priorWeight: 1, bandwidth, bandwidthFactor: 1, clipFactor: 0.5, kernelNorm: 'area' } as const
    const p = fitParzen(vectors, [0, 1, 2, 3], new Float64Array(4).fill(1), layout, settings)
    const M = 4000
    let total = 0
    for (let level = 0; level < 3; level++) {
      const cont = Float64Array.from({ length: M }, (_, i) => (i + 0.5) / M)
      const out = new Float64Array(M)
      logDensity(p, { count: M, cont, disc: new Int32Array(M).fill(level) }, out)
      total += out.reduce((s, v) => s + Math.exp(v), 0) / M
    }
    expect(total).toBeCloseTo(1, 3)
    expect(Math.exp(logMass01(0, 0.1))).toBeCloseTo(0.5, 6)
  })
})

describe('tpe: history rules', () => {
  const codec = new SpaceCodec(parseSpace(PLANE))
  const at = (x: number): Params => ({ x, y: 0 })

  it('ranks complete trials by value, then pruned ones by their last intermediate value, then running ones', () => {
    const trials = [
      record(0, 'complete', at(0), 5),
      record(1, 'pruned', at(1), null, [9, 0.5]), // the best number of all, but pruned
      record(2, 'complete', at(2), 3),
      record(3, 'running', at(3), null),
      record(4, 'pruned', at(4), null, [0.9]),
      record(5, 'fail', at(5), null),
      record(6, 'complete', at(-1), 9),
      record(7, 'pruned', at(-2), null), // nothing reported: last of the pruned
    ]
    const obs = collectObservations(trials, 'minimize', codec, true)
    expect(obs.finished).toBe(6)
    expect(obs.numbers).toEqual([0, 1, 2, 3, 4, 6, 7]) // the failed trial is left out
    const rows = obs.numbers.map((_, i) => i)
    const ranks = [1, 2, 3, 4, 5, 6].map((k) => splitGoodBad(obs, rows, k).good.map((r) => obs.numbers[r]))
    expect(ranks).toEqual([[2], [0, 2], [0, 2, 6], [0, 1, 2, 6], [0, 1, 2, 4, 6], [0, 1, 2, 4, 6, 7]])
    // Without constant liar a running trial is not an observation at all.
    expect(collectObservations(trials, 'minimize', codec, false).numbers).not.toContain(3)
  })

  it('puts the highest values in the good set when maximizing', () => {
    const trials = [record(0, 'complete', at(0), 1), record(1, 'complete', at(1), 7), record(2, 'complete', at(2), 4)]
    const obs = collectObservations(trials, 'maximize', codec, true)
    expect(splitGoodBad(obs, [0, 1, 2], 1).good.map((r) => obs.numbers[r])).toEqual([1])
  })

  it('ignores failed trials entirely: the same proposal with or without them', () => {
    const history = bowlHistory(25, 'h')
    const failed = [record(25, 'fail', { x: 1, y: -2 }, null), record(26, 'fail', { x: 4.9, y: 4.9 }, null), record(27, 'fail', { x: -4, y: 0 }, null)]
    const tpe = createStrategy({ name: 'tpe' })
    expect(askOnce(tpe, PLANE, [...history, ...failed])).toEqual(askOnce(tpe, PLANE, history))
    // Counter-check: the same trials as complete ones do change the proposal.
    const asComplete = failed.map((t) => record(t.number, 'complete', t.params, -100))
    expect(askOnce(tpe, PLANE, [...history, ...asComplete])).not.toEqual(askOnce(tpe, PLANE, history))
  })

  it('keeps no state the history cannot rebuild (cached encodings included, across spaces)', () => {
    const wide: SearchSpaceInput = { parameters: { x: { type: 'float', low: -50, high: 50 }, y: { type: 'float', low: -5, high: 5 } } }
    const history = bowlHistory(30, 'state')
    const used = createStrategy({ name: 'tpe' })
    askOnce(used, PLANE, history.slice(0, 20))
    askOnce(used, PLANE, history)
    expect(askOnce(used, wide, history)).toEqual(askOnce(createStrategy({ name: 'tpe' }), wide, history))
    expect(askOnce(used, PLANE, history)).toEqual(askOnce(createStrategy({ name: 'tpe' }), PLANE, history))
  })
})

describe('tpe: serial runs', () => {
  it('gives the same sequence for the same seed, another for another seed', async () => {
    const f = (p: Params): number => Number(p.lr) * 100 + Number(p.layers) + (p.optimizer === 'adam' ? 0 : 1)
    const a = await serial(CONDITIONAL, { seed: 7 }, 30, f)
    const b = await serial(CONDITIONAL, { seed: 7 }, 30, f)
    const c = await serial(CONDITIONAL, { seed: 8 }, 30, f)
    expect(b.params).toEqual(a.params)
    expect(c.params.slice(10).map(configKey)).not.toEqual(a.params.slice(10).map(configKey))
  })

  it('starts with `startupTrials` random trials, then departs from random search', async () => {
    const tpe = await serial(PLANE, { seed: 5, startupTrials: 6 }, 12, bowl)
    const study = await createStudy({ space: PLANE, strategy: { name: 'random', seed: 5 } })
    const random: Params[] = []
    for (let i = 0; i < 12; i++) {
      const t = await study.ask()
      random.push(t.params)
      await study.tell(t, bowl(t.params))
    }
    expect(tpe.params.slice(0, 6)).toEqual(random.slice(0, 6))
    expect(tpe.params.slice(6).some((p, i) => configKey(p) !== configKey(random[6 + i]!))).toBe(true)
  })

  it('finds a much better point than random search with the same budget', async () => {
    const regrets = async (name: string): Promise<number[]> => {
      const out: number[] = []
      for (let seed = 0; seed < 5; seed++) {
        const study = await createStudy({ space: PLANE, strategy: { name, seed } })
        await study.optimize((p) => bowl(p), { trials: 40 })
        out.push(study.best!.value)
      }
      return out.sort((a, b) => a - b)
    }
    const [tpe, random] = [await regrets('tpe'), await regrets('random')]
    expect(tpe[2]!).toBeLessThan(random[2]! / 5)
  })

  it('proposes only valid configurations: lattices, logs, constants, conditions', async () => {
    const rng = createRng('values')
    const noise = (): number => rng()
    for (const space of [ALL_AXES, CONDITIONAL]) {
      const { params } = await serial(space, { seed: 1, startupTrials: 5 }, 40, noise)
      const check = space === ALL_AXES ? ALL_AXES_EFFECTIVE : space
      expect(params.flatMap((p) => configProblems(check, p))).toEqual([])
    }
  })

  it('groups conditional parameters by the trials they were active in', async () => {
    const { params } = await serial(CONDITIONAL, { seed: 2, startupTrials: 12 }, 40, (p) => (p.optimizer === 'sgd' ? 0 : 1) + Number(p.lr))
    const space = parseSpace(CONDITIONAL)
    const codec = new SpaceCodec(space)
    const trials = params.map((p, i) => record(i, 'complete', p, 0))
    const groups = subspaces(codec, collectObservations(trials, 'minimize', codec, true), true)
    const names = (axis: string): string[] => groups[space.parameters.findIndex((p) => p.name === axis)]!.map((i) => space.parameters[i]!.name)
    expect(names('optimizer')).toEqual(['optimizer', 'layers', 'lr'])
    expect(names('use_momentum')).toEqual(['use_momentum'])
    expect(names('beta2')).toEqual(['beta2'])
    expect(names('units_3')).toEqual(['units_3'])
    // Independent mode: every parameter alone.
    expect(subspaces(codec, collectObservations(trials, 'minimize', codec, true), false)[0]).toEqual([0])
  })
})

describe('tpe: parallel asks (constant liar)', () => {
  /** Min unit-space distance from each of the last 8 asks to any other of 16 asks made while 8 were running. */
  async function spread(constantLiar: boolean, seed: number): Promise<{ min: number; distinct: number }> {
    const study = await createStudy({ space: PLANE, strategy: { name: 'tpe', seed, constantLiar } })
    for (let i = 0; i < 30; i++) {
      const t = await study.ask()
      await study.tell(t, bowl(t.params))
    }
    const asked: Params[] = []
    for (let i = 0; i < 16; i++) asked.push((await study.ask()).params) // never told: all stay running
    const space = parseSpace(PLANE)
    const u = asked.map((p) => space.parameters.map((q) => toUnit(q, p[q.name]!)))
    let min = Infinity
    for (let i = 8; i < 16; i++) for (let j = 0; j < 16; j++) if (j !== i) min = Math.min(min, Math.hypot(u[i]![0]! - u[j]![0]!, u[i]![1]! - u[j]![1]!))
    return { min, distinct: new Set(asked.map(configKey)).size }
  }

  it('keeps 8 asks made while 8 trials run apart from each other and from the running ones', async () => {
    const on: number[] = []
    const off: number[] = []
    for (let seed = 0; seed < 5; seed++) {
      const a = await spread(true, seed)
      expect(a.distinct).toBe(16)
      on.push(a.min)
      off.push((await spread(false, seed)).min)
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[2]!
    expect(median(on)).toBeGreaterThan(0.01)
    expect(median(on)).toBeGreaterThan(2.5 * median(off))
  })
})
