import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveExperiment } from '../../src/experiment/load.js'
import { runSweep } from '../../src/runner/run-sweep.js'
import { ROOT, tempDir } from '../helpers/cli.js'

/** A python3 that imports `module` (Debian's /usr/bin/python3 has python3-torch and python3-sklearn; .ci/run installs them). */
function python(module: string): string | undefined {
  return ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', `import ${module}`]).status === 0)
}

/**
 * A shipped example experiment, shortened: `epochs` epochs, `trials` trials, a temporary store, the given interpreter, and
 * no pruner (with two trials running at once, which one a pruner stops depends on timing; pruning is tested elsewhere).
 */
async function shortened(file: string, interpreter: string, epochs: number, trials: number) {
  const raw = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as {
    space: { parameters: Record<string, unknown> }
    trainer: { command: string[] }
  }
  raw.space.parameters.epochs = { type: 'constant', value: epochs }
  raw.trainer.command[0] = interpreter
  delete (raw as { pruner?: unknown }).pruner
  const exp = await resolveExperiment({ ...raw, budget: { trials }, storage: join(tempDir(), 'runs.json') }, join(ROOT, file))
  return runSweep(exp)
}

describe('Python trainers through the command protocol', () => {
  it('python/tunekit.py: params() from TUNEKIT_PARAMS, report(step, **metrics), the final report', async () => {
    const interpreter = python('json')!
    const exp = await resolveExperiment(
      {
        name: 'py',
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        objective: { metric: 'loss' },
        strategy: { name: 'random', seed: 4 },
        trainer: { command: [interpreter, join(ROOT, 'test/fixtures/python/protocol.py')] },
        budget: { trials: 2 },
        parallel: 2,
        storage: join(tempDir(), 'runs.json'),
      },
      join(tempDir(), 'exp.json'),
    )
    const s = await runSweep(exp)
    for (const t of s.trials) {
      const base = ((t.params.x as number) - 0.3) ** 2
      expect(t.state).toBe('complete')
      expect(t.value).toBeCloseTo(base, 12)
      expect(t.intermediate.map((i) => i.step)).toEqual([1, 2, 3])
      expect(t.intermediate[0]!.value).toBeCloseTo(base + 1, 12)
      expect(t.metrics.trial).toBe(t.number)
    }
  })

  const sklearn = python('sklearn')
  it.skipIf(!sklearn)('runs a short sweep of the scikit-learn example (experiments/sklearn-digits.json)', { timeout: 120_000 }, async () => {
    const s = await shortened('experiments/sklearn-digits.json', sklearn!, 3, 2)
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'complete'])
    for (const t of s.trials) {
      expect(t.intermediate).toHaveLength(3)
      expect(t.metrics.val_accuracy).toBeGreaterThan(0.1)
    }
  })

  const torch = python('torch')
  it.skipIf(!torch)('runs a short sweep of the PyTorch example (experiments/pytorch-digits.json)', { timeout: 120_000 }, async () => {
    const s = await shortened('experiments/pytorch-digits.json', torch!, 2, 2)
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'complete'])
    for (const t of s.trials) {
      expect(t.intermediate.map((i) => i.step)).toEqual([1, 2])
      expect(t.value).toBe(t.metrics.val_loss)
    }
  })

  if (!sklearn || !torch) console.log('PyTorch / scikit-learn examples skipped: apt-get install python3-torch python3-sklearn')
})
