import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'

/** Several objectives and constraints: value lists and constraint lists are stored, reloaded and imported as told. */
export function objectivesSuite({ fresh, again, studyRecord, init }: SuiteContext): void {
  describe('objective values and constraints', () => {
    const multi = () => studyRecord({ directions: ['minimize', 'maximize'], metrics: ['loss', 'accuracy'], metric: 'loss' })

    it('keeps each trial’s list of values and constraints, and a single-objective trial as before', async () => {
      const s = await fresh()
      const st = multi()
      await s.createStudy(st)
      for (let i = 0; i < 4; i++) await s.createTrial(st.name, init(i))
      const a = await s.finishTrial(st.name, 0, { state: 'complete', value: 0.5, values: [0.5, 0.875], metrics: { loss: 0.5, accuracy: 0.875 } })
      const b = await s.finishTrial(st.name, 1, { state: 'complete', value: 0.25, values: [0.25, 0.5], constraints: [-1, 0.125] })
      const c = await s.finishTrial(st.name, 2, { state: 'complete', value: 3, constraints: [0] })
      const d = await s.finishTrial(st.name, 3, { state: 'complete', value: 4 })
      expect(a).toMatchObject({ value: 0.5, values: [0.5, 0.875] })
      expect(a.constraints).toBeUndefined()
      expect(b).toMatchObject({ value: 0.25, values: [0.25, 0.5], constraints: [-1, 0.125] })
      expect(c).toMatchObject({ value: 3, constraints: [0] })
      expect(c.values).toBeUndefined()
      expect('values' in d || 'constraints' in d).toBe(false)
      expect(await s.getStudy(st.name)).toEqual(st)
      const read = await s.getTrials(st.name)
      expect(read).toEqual([a, b, c, d])
      if (s.getTrialsSince) expect((await s.getTrialsSince(st.name, undefined)).trials).toEqual([a, b, c, d])
    })

    it('still has them after the store is closed and opened again', async (ctx) => {
      const s = await fresh()
      if (s.location === ':memory:') return ctx.skip('not persistent')
      const st = multi()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      const done = await s.finishTrial(st.name, 0, { state: 'complete', value: 1.5, values: [1.5, -2], constraints: [0.5] })
      await s.close()
      const r = await again(s.location)
      expect(await r.getStudy(st.name)).toEqual(st)
      expect((await r.getTrials(st.name))[0]).toEqual(done)
    })

    it('imports them exactly (importStudy)', async (ctx) => {
      const source = await fresh()
      if (!source.importStudy) return ctx.skip('this store does not implement importStudy')
      const st = multi()
      await source.createStudy(st)
      await source.createTrial(st.name, init(0))
      await source.createTrial(st.name, init(1))
      await source.finishTrial(st.name, 0, { state: 'complete', value: 1, values: [1, 2], constraints: [-0.5, 0] })
      await source.finishTrial(st.name, 1, { state: 'fail', error: { reason: 'boom' } })
      const trials = await source.getTrials(st.name)
      const copy = { ...st, name: `${st.name}-copy` }
      const target = await fresh()
      await target.importStudy?.(copy, trials)
      expect(await target.getStudy(copy.name)).toEqual(copy)
      expect(await target.getTrials(copy.name)).toEqual(trials)
    })
  })
}
