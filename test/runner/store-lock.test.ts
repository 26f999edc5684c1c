import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir, tunekit, tunekitAsync } from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('two writers after the lock file is deleted (issue 11, item 2)', () => {
  it('the first stops with a clear error before its next write; no number is used twice, no printed trial is lost', async () => {
    const dir = tempDir()
    const exp = join(dir, 'exp.json')
    writeFileSync(
      exp,
      JSON.stringify({
        name: 'two',
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        objective: { metric: 'loss', direction: 'minimize' },
        strategy: { name: 'random', seed: 1 },
        trainer: { command: [process.execPath, FIXTURE], env: { SLEEP_MS: '200' } },
        budget: { trials: 40 },
        parallel: 2,
        storage: 's.json',
      }),
    )
    const store = join(dir, 's.json')
    const first = tunekitAsync(['run', exp])
    await waitFor(() => /trial \d+ complete/.test(first.output().stderr), 30_000)
    rmSync(`${store}.lock`)
    const second = tunekit(['run', exp, '--trials', '6'])
    const a = await first.done
    expect(second.code, second.stderr).toBe(0)
    expect(a.code, a.stderr).toBe(1)
    expect(a.stderr).toContain('s.json.lock was deleted while this process was writing the store')
    expect(a.stderr).not.toMatch(/at .*\.js:\d+/) // one line, no stack
    const trials = (JSON.parse(readFileSync(store, 'utf8')) as { studies: { trials: { number: number; state: string; value: number }[] }[] }).studies[0]!.trials
    const numbers = trials.map((t) => t.number)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y))
    // Every trial either run printed as complete is complete in the store with the printed value.
    for (const out of [a.stderr, second.stderr]) {
      for (const m of out.matchAll(/trial (\d+) complete loss=(\S+)/g)) {
        const t = trials.find((x) => x.number === Number(m[1]))
        expect(t?.state, `trial ${m[1]}`).toBe('complete')
        expect(t!.value).toBeCloseTo(Number(m[2]), 3)
      }
    }
  }, 60_000)
})
