import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudy, registered, registerStrategy, warmStartTrials } from '../../src/index.js'
import { parseSpace } from '../../src/space/parse.js'
import { trial } from '../../src/testing/trials.js'
import type { TrialRecord } from '../../src/trial/types.js'
import { ROOT, tempDir, tunekit } from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')

/** What the strategy saw on each ask: the numbers of the trials in its history. */
const seen: number[][] = []
registerStrategy('history-spy', {
  description: 'x = 0.5, recording the history it is given (a test fixture)',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  create: () => ({
    name: 'history-spy',
    ask: ({ trials }) => {
      seen.push(trials.map((t) => t.number))
      return { x: 0.5 }
    },
  }),
})

function done(number: number, params: Record<string, unknown>, value: number, state: TrialRecord['state'] = 'complete'): TrialRecord {
  return { ...trial(number, state), params: params as TrialRecord['params'], value: state === 'fail' ? null : value }
}

describe('warm start', () => {
  it('matches parameters by name: drops unknown ones, leaves out trials missing one or outside the space, and failed ones', () => {
    const space = parseSpace({ parameters: { x: { type: 'float', low: 0, high: 1 }, n: { type: 'int', low: 1, high: 3 } } }, '<test>')
    const w = warmStartTrials(space, [
      done(0, { x: 0.2, n: 2, old: 'a' }, 1),
      done(1, { x: 0.3 }, 2),
      done(2, { x: 1.7, n: 1 }, 3),
      done(3, { x: 0.1, n: 1 }, 4, 'fail'),
      done(4, { x: 0.9, n: 3 }, 5, 'pruned'),
    ])
    expect(w.trials.map((t) => [t.number, t.params, t.value])).toEqual([
      [-2, { x: 0.2, n: 2 }, 1],
      [-1, { x: 0.9, n: 3 }, 5],
    ])
    expect(w.offered).toBe(5)
    expect(w.skipped).toEqual(['1 not complete or pruned', '1 with "n" is missing', '1 with a value of "x" outside this space'])
  })

  it('the strategy sees the prior trials first, never stored; a study of the other direction is refused', async () => {
    const old = await createStudy({ space: { parameters: { x: { type: 'float', low: 0, high: 1 } } }, strategy: { name: 'random', seed: 1 } })
    await old.optimize((p) => p.x as number, { trials: 3 })
    seen.length = 0
    const warm = await createStudy({
      space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      strategy: registered({ name: 'history-spy' }),
      warmStart: { trials: old.trials },
    })
    await warm.optimize(() => 1, { trials: 2 })
    expect(seen).toEqual([
      [-3, -2, -1],
      [-3, -2, -1, 0],
    ])
    expect(warm.trials.map((t) => t.number)).toEqual([0, 1])
    await expect(
      createStudy({
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        direction: 'maximize',
        warmStart: { trials: old.trials, direction: 'minimize' },
      }),
    ).rejects.toThrow(/optimised to minimize, this study to maximize/)
  })

  it('"warmStart": {"from": store} in an experiment file: run says what it learns from and what it left out', () => {
    const dir = tempDir()
    const write = (name: string, extra: Record<string, unknown>, space: Record<string, unknown>) => {
      const file = join(dir, `${name}.json`)
      writeFileSync(
        file,
        JSON.stringify({
          name,
          space: { parameters: space },
          objective: { metric: 'loss' },
          strategy: { name: 'random', seed: 1 },
          trainer: { command: [process.execPath, FIXTURE] },
          budget: { trials: 3 },
          ...extra,
        }),
      )
      return file
    }
    expect(tunekit(['run', write('old', {}, { x: { type: 'float', low: 0, high: 1 }, layers: { type: 'int', low: 1, high: 4 } })]).code).toBe(0)
    const r = tunekit([
      'run',
      write('new', { warmStart: { from: 'runs/old.json' }, strategy: { name: 'tpe', seed: 1 } }, { x: { type: 'float', low: 0, high: 0.5 } }),
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/warm start: the strategy learns from \d of the 3 trials of .*runs\/old\.json/)
    const bad = tunekit(['run', write('bad', { warmStart: { from: 'runs/none.json' } }, { x: { type: 'float', low: 0, high: 1 } })])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/none\.json/)
  }, 60_000)
})
