import { expect, it } from 'vitest'
import { openStorage } from '../../src/index.js'
import { storageConformance } from '../../src/testing/index.js'

storageConformance('memory', () => openStorage(':memory:'))

it('gives every open its own store: nothing is shared or persisted between two memory stores', async () => {
  const a = await openStorage(':memory:')
  const b = await openStorage(undefined)
  await a.createStudy({
    name: 's',
    direction: 'minimize',
    metric: 'v',
    strategy: { name: 'random' },
    space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
    seed: 1,
    createdAt: '',
  })
  expect(await a.listStudies()).toHaveLength(1)
  expect(await b.listStudies()).toHaveLength(0)
  expect(a.location).toBe(':memory:')
})
