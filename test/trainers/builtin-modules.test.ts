import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveExperiment } from '../../src/experiment/load.js'
import { runSweep } from '../../src/runner/run-sweep.js'
import type { TunekitError } from '../../src/errors.js'
import { builtinModuleRef, builtinTrainers, getTrainer, isBuiltinTrainerName } from '../../src/trainers/index.js'
import { loadModuleTrainer } from '../../src/trainers/module.js'
import { ROOT, tempDir } from '../helpers/cli.js'

function sweep(trainer: Record<string, unknown>, dir = tempDir()) {
  return resolveExperiment(
    {
      name: 'shipped',
      space: {
        parameters: {
          learning_rate: { type: 'float', low: 0.01, high: 0.5, log: true },
          iterations: { type: 'int', low: 20, high: 60 },
        },
      },
      objective: { metric: 'val_loss', direction: 'minimize' },
      strategy: { name: 'random', seed: 5 },
      trainer: { ...trainer, options: { seed: 2 } },
      budget: { trials: 4 },
      parallel: 2,
      storage: join(dir, 'runs.json'),
    },
    join(dir, 'exp.json'),
  ).then((exp) => runSweep(exp))
}

describe('the built-in trainers are module trainers that ship with the package', () => {
  it('each built-in is the default export of its own module, with the same parameters, metrics and options', async () => {
    for (const name of Object.keys(builtinTrainers)) {
      expect(isBuiltinTrainerName(name)).toBe(true)
      const fromModule = await loadModuleTrainer(builtinModuleRef(name as keyof typeof builtinTrainers))
      const registered = getTrainer(name)
      expect(fromModule.name).toBe(name)
      expect(fromModule.parameters).toEqual(registered.parameters)
      expect(fromModule.metrics).toEqual(registered.metrics)
      expect(fromModule.optionsSchema).toEqual(registered.optionsSchema)
    }
    expect(isBuiltinTrainerName('mlpp')).toBe(false)
  })

  it('package.json exports each one as tunekit/trainers/NAME', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { default?: string; types?: string }> }
    for (const name of Object.keys(builtinTrainers)) {
      const entry = pkg.exports[`./trainers/${name}`]
      expect(entry?.default, name).toMatch(/^\.\/dist\/trainers\/.*\.js$/)
      expect(entry?.types, name).toMatch(/\.d\.ts$/)
    }
  })

  it('"module": "tunekit/trainers/linear-regression" runs the same trials, to the bit, as "builtin": "linear-regression"', async () => {
    // The package resolves itself by name from inside its own folder (Node's self-reference through "exports").
    const byName = await sweep({ builtin: 'linear-regression' }, tempDir())
    const dir = join(ROOT, 'test/fixtures/modules')
    const byModule = await resolveExperiment(
      {
        name: 'shipped',
        space: {
          parameters: {
            learning_rate: { type: 'float', low: 0.01, high: 0.5, log: true },
            iterations: { type: 'int', low: 20, high: 60 },
          },
        },
        objective: { metric: 'val_loss', direction: 'minimize' },
        strategy: { name: 'random', seed: 5 },
        trainer: { module: 'tunekit/trainers/linear-regression', options: { seed: 2 } },
        budget: { trials: 4 },
        parallel: 2,
        storage: join(tempDir(), 'runs.json'),
      },
      join(dir, 'exp.json'),
    )
    expect(byModule.trainer.type).toBe('module')
    if (byModule.trainer.type === 'module') expect(byModule.trainer.module.url).toMatch(/dist\/trainers\/linear-regression\.js$/)
    const s = await runSweep(byModule)
    expect(byName.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete'])
    expect(s.trials.map((t) => [t.params, t.value, t.metrics.w])).toEqual(byName.trials.map((t) => [t.params, t.value, t.metrics.w]))
  })

  it('a package specifier that is not installed is refused before anything runs, naming it and the fix', async () => {
    const e = (await sweep({ module: 'no-such-package/trainer' }).catch((x: unknown) => x)) as TunekitError
    expect(e.message).toMatch(/trainer module .*no-such-package\/trainer.*no such file.*package name must be installed/)
  })
})
