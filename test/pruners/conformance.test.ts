import { expect, it } from 'vitest'
import { builtinPruners, createPruner } from '../../src/pruners/index.js'
import { prunerConformance } from '../../src/testing/index.js'

// Defaults, and settings that make each rule decide often on short random studies.
prunerConformance('none', () => createPruner({ name: 'none' }))
prunerConformance('median', () => createPruner({ name: 'median' }))
prunerConformance('median, eager', () => createPruner({ name: 'median', startupTrials: 0, minTrials: 1 }))
prunerConformance('median, warm-up and interval', () => createPruner({ name: 'median', startupTrials: 2, warmupSteps: 3, intervalSteps: 4, minTrials: 2 }))
prunerConformance('asha', () => createPruner({ name: 'asha' }))
prunerConformance('asha, η=2 capped', () => createPruner({ name: 'asha', reductionFactor: 2, maxResource: 20, minEarlyStoppingRate: 1 }))
prunerConformance('hyperband', () => createPruner({ name: 'hyperband' }))
prunerConformance('hyperband, fixed maxResource', () => createPruner({ name: 'hyperband', maxResource: 27 }))

it('covers every built-in pruner', () => {
  expect(Object.keys(builtinPruners).sort()).toEqual(['asha', 'hyperband', 'median', 'none'])
})
