import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveExperiment } from '../../src/experiment/load.js'
import { defineTrainer, loadModuleTrainer, moduleRef, type TunekitError } from '../../src/index.js'
import { ROOT, tempDir } from '../helpers/cli.js'

const MODULES = join(ROOT, 'test/fixtures/modules')

async function refusal(file: string, exportName?: string): Promise<string> {
  const e = (await loadModuleTrainer(moduleRef(join(MODULES, file), exportName)).catch((x: unknown) => x)) as TunekitError
  expect(e.code).toBe('INVALID_TRAINER')
  return e.message
}

function experiment(trainer: Record<string, unknown>, parameters: Record<string, unknown> = { x: { type: 'float', low: 0, high: 1 } }) {
  const dir = tempDir()
  return resolveExperiment(
    {
      name: 'm',
      space: { parameters },
      objective: { metric: 'loss' },
      trainer,
      budget: { trials: 2 },
    },
    join(dir, 'exp.json'),
  )
}

describe('module trainers: loading', () => {
  it('loads defineTrainer exports, plain objects with the Trainer shape under a named export, and TypeScript through tsx', async () => {
    const behave = await loadModuleTrainer(moduleRef(join(MODULES, 'behave.mjs')))
    expect(behave.name).toBe('behave')
    expect(Object.keys(behave.parameters)).toEqual(['x', 'mode', 'steps', 'step_ms'])
    const plain = await loadModuleTrainer(moduleRef(join(MODULES, 'plain.mjs'), 'quadratic'))
    expect(plain.name).toBe('plain')
    expect(await plain.train({ x: 3 }, {}, { trial: 0, seed: 0, experiment: 'e', report: () => false })).toEqual({ loss: 4 })
    const typed = await loadModuleTrainer(moduleRef(join(MODULES, 'typed.ts')))
    expect(await typed.train({ x: 5 }, {}, { trial: 0, seed: 0, experiment: 'e', report: () => false })).toEqual({ loss: 9 })
  })

  it('refuses a missing file, a module that does not load, a missing export and a non-trainer, naming the file and the reason', async () => {
    expect(await refusal('nope.mjs')).toMatch(/nope\.mjs: no such file/)
    expect(await refusal('broken.mjs')).toMatch(/broken\.mjs: does not load: .*tunekit-no-such-package/)
    expect(await refusal('plain.mjs')).toMatch(/plain\.mjs: has no export "default" \(it exports quadratic\)/)
    const bad = await refusal('not-a-trainer.mjs')
    expect(bad).toMatch(/not-a-trainer\.mjs: export "default" is not a trainer: it has no train/)
    expect(bad).toContain('has no metrics')
    expect(bad.split('\n')).toHaveLength(1)
  })

  it('defineTrainer refuses a definition without defaults or metrics at once', () => {
    expect(() => defineTrainer({ parameters: { x: { default: undefined as never, description: '' } }, metrics: [], train: () => ({}) })).toThrow(
      /parameter "x" has no default.*has no metrics/,
    )
  })
})

describe('module trainers in experiment files', () => {
  it('refuses, before anything runs, a space naming an unknown parameter, an unreported metric, bad options and a bad module', async () => {
    const e = (await experiment({ module: join(MODULES, 'behave.mjs'), options: { offset: 'x' } }, { y: { type: 'float', low: 0, high: 1 } }).catch(
      (x: unknown) => x,
    )) as TunekitError
    expect(e.code).toBe('INVALID_EXPERIMENT')
    expect(e.issues.map((i) => i.path).sort()).toEqual(['/space/parameters/y', '/trainer/options/offset'])
    expect(e.message).toContain('the behave trainer has no parameter "y"; it understands x, mode, steps, step_ms')
    const m = (await experiment({ module: join(MODULES, 'behave.mjs') }).then(
      () => undefined,
      (x: unknown) => x,
    )) as TunekitError | undefined
    expect(m).toBeUndefined()
    const bad = (await experiment({ module: join(MODULES, 'not-a-trainer.mjs') }).catch((x: unknown) => x)) as TunekitError
    expect(bad.issues).toEqual([{ path: '/trainer/module', message: expect.stringMatching(/not-a-trainer\.mjs: export "default" is not a trainer/) }])
  })

  it('resolves the module path relative to the experiment file', async () => {
    const exp = await resolveExperiment(
      {
        name: 'rel',
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        objective: { metric: 'loss' },
        trainer: { module: './behave.mjs' },
        budget: { trials: 1 },
      },
      join(MODULES, 'exp.json'),
    )
    expect(exp.trainer).toMatchObject({ type: 'module', file: './behave.mjs', module: { export: 'default' } })
    if (exp.trainer.type === 'module') expect(exp.trainer.module.url).toMatch(/^file:.*test\/fixtures\/modules\/behave\.mjs$/)
  })
})
