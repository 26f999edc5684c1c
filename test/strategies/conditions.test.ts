import { describe, expect, it } from 'vitest'
import { gridSize, parseSpace } from '../../src/index.js'
import type { Params, SearchSpaceInput } from '../../src/index.js'
import { CONDITIONAL, conditionalGridSize, configKey, configProblems } from '../helpers/space.js'
import { askSequence } from '../helpers/study.js'

/** A longer chain with an int link and a list condition on a later link: a -> b -> c -> d. */
const CHAIN: SearchSpaceInput = {
  parameters: {
    d: { type: 'float', low: 0, high: 1, step: 0.5, when: { c: [1, 3] } },
    c: { type: 'int', low: 1, high: 3, when: { b: 'on' } },
    b: { type: 'categorical', choices: ['on', 'off'], when: { a: [true] } },
    a: { type: 'categorical', choices: [true, false] },
    free: { type: 'int', low: 0, high: 1 },
  },
}
// a false: 1; a true: b off 1, b on: c 2 -> 1, c 1 or 3 -> 3 each: 7. Times free (2): (1 + 1 + 1 + 3 + 3) * 2 = 18.
const CHAIN_CELLS = 18

function expectConditionsHold(space: SearchSpaceInput, configs: readonly Params[]): void {
  for (const c of configs) expect(configProblems(space, c), JSON.stringify(c)).toEqual([])
}

for (const name of ['random', 'qmc', 'grid'] as const) {
  describe(`${name}: conditional parameters`, () => {
    it('are present exactly when their condition holds (chains, list values)', async () => {
      const n = name === 'grid' ? conditionalGridSize(2) : 300
      const configs = await askSequence({ space: CONDITIONAL, strategy: { name, seed: 4, ...(name === 'grid' ? { gridPoints: 2 } : {}) }, n })
      expectConditionsHold(CONDITIONAL, configs)
      // Every branch shows up, so the check above saw each condition both ways.
      const has = (f: (c: Params) => boolean): boolean => configs.some(f)
      expect(has((c) => c.optimizer === 'sgd' && c.use_momentum === true && 'nesterov' in c)).toBe(true)
      expect(has((c) => c.optimizer === 'sgd' && c.use_momentum === false)).toBe(true)
      expect(has((c) => c.optimizer === 'adam' && 'beta2' in c)).toBe(true)
      expect(has((c) => c.optimizer === 'rmsprop' && 'beta2' in c)).toBe(true)
      expect(has((c) => c.layers === 3 && 'units_3' in c)).toBe(true)
      expect(has((c) => c.layers === 2 && !('units_3' in c))).toBe(true)
    })

    it('follow a four-link chain written out of order', async () => {
      expect(gridSize(parseSpace(CHAIN))).toBe(CHAIN_CELLS)
      const n = name === 'grid' ? CHAIN_CELLS : 300
      const configs = await askSequence({ space: CHAIN, strategy: { name, seed: 2 }, n })
      expectConditionsHold(CHAIN, configs)
      expect(configs.some((c) => 'd' in c)).toBe(true)
      expect(configs.some((c) => c.c === 2 && !('d' in c))).toBe(true)
      if (name === 'grid') expect(new Set(configs.map(configKey)).size).toBe(CHAIN_CELLS)
    })
  })
}
