import { expect, it } from 'vitest'
import { builtinStrategies } from '../../src/strategies/index.js'
import { strategyConformance } from '../../src/testing/index.js'

it('runs the conformance suite against every built-in strategy', () => {
  expect(Object.keys(builtinStrategies).sort()).toEqual(['auto', 'cmaes', 'gp', 'grid', 'qmc', 'random', 'tpe'])
})

for (const name of Object.keys(builtinStrategies)) strategyConformance(name)
