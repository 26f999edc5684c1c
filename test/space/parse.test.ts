import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadSpaceFile, parseSpace, spaceIssues, TunekitError } from '../../src/index.js'
import type { Param } from '../../src/index.js'

const GOOD = fileURLToPath(new URL('../fixtures/spaces/good/', import.meta.url))

function param(params: readonly Param[], name: string): Param {
  const p = params.find((x) => x.name === name)
  if (!p) throw new Error(`no parameter ${name}`)
  return p
}

describe('valid search spaces (test/fixtures/spaces/good)', () => {
  const files = readdirSync(GOOD).filter((f) => f.endsWith('.json'))

  it('has fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(4)
  })

  for (const f of files) {
    it(`${f} loads with no issues`, () => {
      const space = loadSpaceFile(join(GOOD, f))
      expect(space.parameters.length).toBe(Object.keys(space.source.parameters).length)
      expect(spaceIssues(space.source)).toEqual([])
      for (const p of space.parameters) expect(space.byName.get(p.name)).toBe(p)
    })
  }

  it('keeps every type and option of all-types.json', () => {
    const space = loadSpaceFile(join(GOOD, 'all-types.json'))
    expect(space.parameters.map((p) => p.name)).toEqual(['lr', 'dropout', 'weight_decay', 'units', 'batch', 'layers', 'activation', 'epochs'])
    expect(param(space.parameters, 'lr')).toMatchObject({ type: 'float', low: 0.0001, high: 0.1, log: true })
    expect(param(space.parameters, 'units')).toMatchObject({ type: 'int', low: 8, high: 512, log: true })
    expect(param(space.parameters, 'activation')).toMatchObject({ type: 'categorical', choices: ['relu', 'tanh', 1, true] })
    expect(param(space.parameters, 'epochs')).toMatchObject({ type: 'constant', value: 20 })
    expect(space.notes).toEqual([])
  })

  it('orders parameters after those their condition names, keeping file order otherwise', () => {
    const space = loadSpaceFile(join(GOOD, 'conditional.json'))
    const order = space.parameters.map((p) => p.name)
    const comesBefore = (a: string, b: string): boolean => order.indexOf(a) < order.indexOf(b)
    expect(comesBefore('optimizer', 'use_momentum')).toBe(true)
    expect(comesBefore('use_momentum', 'nesterov')).toBe(true)
    expect(comesBefore('optimizer', 'beta2')).toBe(true)
    expect(comesBefore('layers', 'units_3')).toBe(true)
    expect(comesBefore('layers', 'lr')).toBe(true) // unconditional ones keep file order
  })

  it('accepts names with _ . - and conditions on booleans, constants and int lists', () => {
    const space = loadSpaceFile(join(GOOD, 'names-and-edges.json'))
    expect([...space.byName.keys()].sort()).toEqual(['Flag', '_private', 'gated', 'layer-1_units', 'opt.lr'].sort())
  })
})

describe('a step that does not divide high - low', () => {
  it('lowers high to the last step and says so in a note, as Optuna does', () => {
    const space = loadSpaceFile(join(GOOD, 'step-lowers-high.json'))
    const dropout = param(space.parameters, 'dropout')
    const batch = param(space.parameters, 'batch')
    const exact = param(space.parameters, 'exact')
    // 0 + 5 * 0.1 = 0.5 is the last step at or below 0.55; 16 + 5 * 16 = 96 the last at or below 100.
    expect(dropout.type === 'float' && dropout.high).toBeCloseTo(0.5, 12)
    expect(batch.type === 'int' && batch.high).toBe(96)
    // 0.25 divides 2 - 0.5: no change, no note.
    expect(exact.type === 'float' && exact.high).toBe(2)
    expect(space.notes).toHaveLength(2)
    expect(space.notes.some((n) => n.includes('/parameters/dropout') && n.includes('0.55'))).toBe(true)
    expect(space.notes.some((n) => n.includes('/parameters/batch') && n.includes('100') && n.includes('96'))).toBe(true)
    // The source is kept as given.
    expect(space.source.parameters.dropout).toMatchObject({ high: 0.55 })
  })

  it('does not treat floating-point noise as a remainder', () => {
    const space = parseSpace({ parameters: { x: { type: 'float', low: 0.1, high: 0.7, step: 0.1 }, y: { type: 'float', low: 0, high: 0.3, step: 0.1 } } })
    expect(space.notes).toEqual([])
    expect(param(space.parameters, 'x')).toMatchObject({ high: 0.7 })
  })
})

describe('parseSpace', () => {
  it('names the given file and prefixes paths (a space inside an experiment file)', () => {
    let err: unknown
    try {
      parseSpace({ parameters: { lr: { type: 'float', low: -1, high: 1, log: true } } }, 'experiments/a.json', '/space')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(TunekitError)
    const e = err as TunekitError
    expect(e.code).toBe('INVALID_SPACE')
    expect(e.issues.map((i) => i.path)).toEqual(['/space/parameters/lr/low'])
    expect(e.format()).toContain('experiments/a.json: /space/parameters/lr/low: must be > 0')
  })

  it('accepts low == high and a one-choice categorical', () => {
    expect(() => parseSpace({ parameters: { x: { type: 'int', low: 3, high: 3 }, c: { type: 'categorical', choices: ['only'] } } })).not.toThrow()
  })

  it('rejects names that do not match ^[A-Za-z_][A-Za-z0-9_.-]*$ and accepts those that do', () => {
    const ok = ['a', '_', 'A1', 'x.y', 'x-y', 'x_y', 'lr.0-b']
    const bad = ['1a', '-a', '.a', 'a b', 'a/b', 'a~b', 'é', '']
    for (const n of ok) expect(spaceIssues({ parameters: { [n]: { type: 'constant', value: 1 } } }), n).toEqual([])
    for (const n of bad) expect(spaceIssues({ parameters: { [n]: { type: 'constant', value: 1 } } }).length, JSON.stringify(n)).toBeGreaterThan(0)
  })

  it('accepts conditions on the steps of an int with a step, and refuses the values between them', () => {
    const space = (values: number[]): unknown => ({
      parameters: { batch: { type: 'int', low: 16, high: 70, step: 16 }, acc: { type: 'int', low: 1, high: 4, when: { batch: values } } },
    })
    expect(spaceIssues(space([16, 32, 64]))).toEqual([])
    expect(spaceIssues(space([48, 40])).map((i) => i.path)).toEqual(['/parameters/acc/when/batch'])
  })

  it('accepts a condition on an inactive-able parameter (chains) and list values', () => {
    const space = parseSpace({
      parameters: {
        c: { type: 'int', low: 0, high: 3, when: { b: [true] } },
        b: { type: 'categorical', choices: [true, false], when: { a: ['x', 'y'] } },
        a: { type: 'categorical', choices: ['x', 'y', 'z'] },
      },
    })
    expect(space.parameters.map((p) => p.name)).toEqual(['a', 'b', 'c'])
  })
})
