import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseExperiment } from '../../src/experiment/load.js'
import { runSweep } from '../../src/runner/run-sweep.js'
import { MAX_STORED_STEPS, type TrialRecord } from '../../src/trial/types.js'
import { ROOT, tempDir } from '../helpers/cli.js'

const FLOOD = join(ROOT, 'test/fixtures/hardening/flood.mjs')

function flood(dir: string, steps: number, extra: Record<string, unknown> = {}) {
  return parseExperiment(
    {
      name: 'flood',
      space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      objective: { metric: 'loss', direction: 'minimize' },
      strategy: { name: 'random', seed: 1 },
      trainer: { command: [process.execPath, FLOOD], env: { STEPS: String(steps) }, timeoutSeconds: 120 },
      budget: { trials: 1, maxFailures: 0 },
      storage: 'store.json',
      ...extra,
    },
    join(dir, 'exp.json'),
  )
}

describe('a trainer that reports a great many steps (issue 11, item 8)', () => {
  it('costs O(1) per report: 40,000 steps in seconds, the first MAX_STORED_STEPS stored, the value from the last', async () => {
    const dir = tempDir()
    const started = performance.now()
    const summary = await runSweep(flood(dir, 40_000))
    const elapsed = performance.now() - started
    const t = (JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')) as { studies: { trials: TrialRecord[] }[] }).studies[0]!.trials[0]!
    expect(t.state).toBe('complete')
    expect(t.value).toBe(1 / 40_000)
    expect(t.intermediate).toHaveLength(MAX_STORED_STEPS)
    expect(t.intermediate[0]).toEqual({ step: 1, value: 1 })
    expect(t.intermediate.at(-1)).toEqual({ step: MAX_STORED_STEPS, value: 1 / MAX_STORED_STEPS })
    expect(summary.reason).toBe('budget')
    // Before: quadratic (20,000 steps took 51 s, 80,000 took 160 s); now about 1 s of work on a quiet machine.
    expect(elapsed).toBeLessThan(15_000)
  }, 60_000)

  it('fires the timeout on time while reports pour in', async () => {
    const dir = tempDir()
    const exp = flood(dir, 0, {
      trainer: { command: [process.execPath, FLOOD], env: { STEPS: '0' }, timeoutSeconds: 2, killGraceSeconds: 1 },
    })
    // Timed with the monotonic clock: durationMs comes from wall-clock timestamps, which a clock step (seen once in CI:
    // durationMs 7.6 s in a test that took 2.3 s) moves. Without the timeout, the flood runs until the test's own limit.
    const started = performance.now()
    const summary = await runSweep(exp)
    const elapsed = performance.now() - started
    const t = summary.trials[0]!
    expect(t.state).toBe('fail')
    expect(t.error?.reason).toBe('timeout')
    // 2 s of timeout, at most 1 s of grace, and the sweep's own start and end.
    expect(elapsed).toBeLessThan(6_000)
  }, 60_000)
})
