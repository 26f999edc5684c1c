import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudy, type StrategyConfig } from '../../src/index.js'
import { ALL_AXES, CONDITIONAL, configKey } from '../helpers/space.js'
import { askSequence, tempDir } from '../helpers/study.js'

const dir = tempDir()
let files = 0
const freshStore = (): string => join(dir, `store-${files++}.json`)

for (const name of ['random', 'qmc', 'grid'] as const) {
  const space = name === 'grid' ? CONDITIONAL : ALL_AXES
  const strategy = (seed: number): StrategyConfig => (name === 'grid' ? { name, seed, gridPoints: 2 } : { name, seed })
  const N = 12

  describe(`${name}: seeded and resumable`, () => {
    it('gives the same sequence for the same seed', async () => {
      const a = await askSequence({ space, strategy: strategy(7), n: N })
      const b = await askSequence({ space, strategy: strategy(7), n: N })
      expect(b).toEqual(a)
    })

    it('gives different sequences for different seeds', async () => {
      const a = await askSequence({ space, strategy: strategy(7), n: N })
      const b = await askSequence({ space, strategy: strategy(8), n: N })
      expect(b.map(configKey)).not.toEqual(a.map(configKey))
      // Not merely shifted or reordered in one place: most positions differ.
      const same = a.filter((c, i) => configKey(c) === configKey(b[i]!)).length
      expect(same).toBeLessThan(N / 2)
    })

    it('never repeats a configuration in a short run', async () => {
      const a = await askSequence({ space, strategy: strategy(3), n: N })
      expect(new Set(a.map(configKey)).size).toBe(N)
    })

    it('continues after a reload from a lowdb store exactly as an uninterrupted run', async () => {
      const uninterrupted = await askSequence({ space, strategy: strategy(11), n: N })
      const store = freshStore()
      const first = await askSequence({ space, strategy: strategy(11), n: 5, storage: store, name: 'resumed' })
      // The second session names no seed: the stored one is used.
      const second = await askSequence({ space, strategy: { ...strategy(11), seed: undefined }, n: N - 5, storage: store, name: 'resumed' })
      expect([...first, ...second]).toEqual(uninterrupted)
      expect(new Set([...first, ...second].map(configKey)).size).toBe(N)
      // The store holds all of it, numbered without gaps.
      const study = await createStudy({ space, strategy: strategy(11), storage: store, name: 'resumed' })
      expect(study.trials.map((t) => t.number)).toEqual([...Array(N).keys()])
      expect(study.trials.map((t) => t.params)).toEqual(uninterrupted)
      await study.close()
    })

    it('draws its seed once and keeps it when none is given', async () => {
      const store = freshStore()
      const unseeded = { ...strategy(0), seed: undefined }
      const first = await askSequence({ space, strategy: unseeded, n: 4, storage: store, name: 'unseeded' })
      const second = await askSequence({ space, strategy: unseeded, n: 4, storage: store, name: 'unseeded' })
      const study = await createStudy({ space, strategy: unseeded, storage: store, name: 'unseeded' })
      const seed = study.record.seed
      await study.close()
      expect(Number.isInteger(seed)).toBe(true)
      const replay = await askSequence({ space, strategy: { ...strategy(seed) }, n: 8 })
      expect([...first, ...second]).toEqual(replay)
    })
  })
}
