import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudy, EXHAUSTED, registerStrategy, TrialPrunedError, type Study } from '../../src/index.js'
import { parseExperiment } from '../../src/experiment/load.js'
import { runSweep } from '../../src/runner/run-sweep.js'
import { ROOT, tempDir } from '../helpers/cli.js'

const ORDER = [1, 3, 2]
registerStrategy('in-order', {
  description: 'x = 1, 3, 2 by trial number (a test fixture)',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  create: () => ({ name: 'in-order', ask: ({ number }) => (number < ORDER.length ? { x: ORDER[number]! } : EXHAUSTED) }),
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  // A zombie (exited, not yet reaped by init) counts as gone.
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('pruning', () => {
  it('stops a command trainer the median pruner rejects: state pruned, its process and its child gone', async () => {
    const dir = tempDir()
    const pids = tempDir('tunekit-prune-pids-')
    process.env.PID_DIR = pids
    process.env.STEPS = '20'
    process.env.STEP_MS = '40'
    try {
      const exp = parseExperiment(
        {
          name: 'steps',
          space: { parameters: { x: { type: 'int', low: 1, high: 3 } } },
          objective: { metric: 'loss', direction: 'minimize' },
          strategy: { name: 'in-order' },
          pruner: { name: 'median', startupTrials: 1, warmupSteps: 2 },
          trainer: { command: [process.execPath, join(ROOT, 'test/fixtures/sweep/steps.mjs')], killGraceSeconds: 1 },
          budget: { trials: 3 },
          parallel: 1,
        },
        join(dir, 'exp.json'),
      )
      const summary = await runSweep(exp)
      const [first, second, third] = summary.trials
      expect(first).toMatchObject({ state: 'complete', params: { x: 1 } })
      expect(first!.value).toBeCloseTo(1 + 1 / 20, 12)
      for (const t of [second!, third!]) {
        expect(t.state).toBe('pruned')
        const last = t.intermediate[t.intermediate.length - 1]!
        expect(last.step).toBeGreaterThanOrEqual(2)
        expect(last.step).toBeLessThan(20)
        expect(t.value).toBe(last.value)
      }
      const files = readdirSync(pids)
      expect(files).toHaveLength(6) // three trainers and their three children
      await new Promise((r) => setTimeout(r, 200))
      for (const f of files) expect(alive(Number(f.replace('.pid', '')))).toBe(false)
    } finally {
      delete process.env.PID_DIR
      delete process.env.STEPS
      delete process.env.STEP_MS
    }
  })

  it('keeps pruning decisions consistent across a resume: the rungs are rebuilt from the stored history', async () => {
    const dir = tempDir()
    const space = { parameters: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } } as const
    const pruner = { name: 'asha', minResource: 1, reductionFactor: 3, maxResource: 27 }
    const objective = async (p: Record<string, unknown>, trial: { report(s: number, v: number): Promise<void>; shouldPrune(): boolean }) => {
      let v = 0
      for (let step = 1; step <= 27; step++) {
        v = ((p.x as number) - 0.3) ** 2 + (p.y as number) / step
        await trial.report(step, v)
        if (trial.shouldPrune()) throw new TrialPrunedError()
      }
      return v
    }
    const open = (file: string): Promise<Study> => createStudy({ name: 's', space, strategy: { name: 'random', seed: 5 }, pruner, storage: join(dir, file) })

    const straight = await open('straight.json')
    await straight.optimize(objective, { trials: 30 })
    const expected = straight.trials.map((t) => ({ state: t.state, value: t.value }))
    await straight.close()

    const first = await open('resumed.json')
    await first.optimize(objective, { trials: 12 })
    await first.close()
    const again = await open('resumed.json')
    await again.optimize(objective, { trials: 18 })
    const resumed = again.trials.map((t) => ({ state: t.state, value: t.value }))
    await again.close()

    expect(expected.filter((t) => t.state === 'pruned').length).toBeGreaterThan(5)
    expect(resumed).toEqual(expected)
  })
})
