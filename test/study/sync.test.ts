import { describe, expect, it } from 'vitest'
import { createStudy, openStorage } from '../../src/index.js'
import type { SearchSpaceInput, Storage } from '../../src/index.js'

const SPACE: SearchSpaceInput = { parameters: { x: { type: 'float', low: -5, high: 5 } } }

/** A memory store seen without getTrialsSince (a store that has only the required methods). */
async function plainStore(): Promise<Storage> {
  const inner = await openStorage(':memory:')
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'getTrialsSince') return undefined
      const v = Reflect.get(target, key) as unknown
      return typeof v === 'function' ? v.bind(target) : v
    },
  })
}

describe('the study keeps its copy of the trials in step with the store', () => {
  it('hands out a `trials` array that later asks and tells never change', async () => {
    const study = await createStudy({ space: SPACE, strategy: { name: 'random', seed: 1 } })
    const t0 = await study.ask()
    const before = study.trials
    expect(before.map((t) => t.state)).toEqual(['running'])
    await study.tell(t0, 1)
    await study.tell(await study.ask(), 2)
    expect(before.map((t) => t.state)).toEqual(['running'])
    expect(study.trials.map((t) => [t.number, t.state, t.value])).toEqual([
      [0, 'complete', 1],
      [1, 'complete', 2],
    ])
  })

  it('proposes the same trials on a store with getTrialsSince and on one without it', async () => {
    const run = async (storage?: Storage): Promise<unknown[]> => {
      const study = await createStudy({ space: SPACE, strategy: { name: 'tpe', seed: 7 }, ...(storage ? { storage } : {}) })
      for (let i = 0; i < 25; i++) {
        const t = await study.ask()
        await study.tell(t, Number(t.params.x) ** 2)
      }
      return study.trials.map((t) => [t.params, t.value])
    }
    const plain = await plainStore()
    expect(plain.getTrialsSince).toBeUndefined()
    expect(await run(plain)).toEqual(await run())
  })

  it('sees trials another handle on the same store added between its asks', async () => {
    const storage = await openStorage(':memory:')
    const a = await createStudy({ name: 's', space: SPACE, strategy: { name: 'random', seed: 1 }, storage })
    const b = await createStudy({ name: 's', space: SPACE, strategy: { name: 'random', seed: 1 }, storage })
    await a.tell(await a.ask(), 1)
    await b.tell(await b.ask(), 2)
    const t = await a.ask()
    expect(t.number).toBe(2)
    expect(a.trials.map((x) => x.value)).toEqual([1, 2, null])
  })
})
