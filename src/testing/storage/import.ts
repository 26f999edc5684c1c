import { describe, expect, it } from 'vitest'
import type { TrialRecord } from '../../trial/types.js'
import type { SuiteContext } from './context.js'

/** importStudy (optional): a whole study goes in exactly as given, or, for a name the store has, nothing does. */
export function importSuite({ fresh, studyRecord, init, rejection }: SuiteContext): void {
  describe('importStudy', () => {
    it('writes a study with its trials exactly as given, every field of every trial', async (ctx) => {
      const source = await fresh()
      if (!source.importStudy) return ctx.skip('this store does not implement importStudy')
      const st = studyRecord()
      await source.createStudy(st)
      for (let i = 0; i < 4; i++) await source.createTrial(st.name, { ...init(i), ...(i === 2 ? { uniqueKey: 'cell-2' } : {}) })
      await source.reportIntermediate(st.name, 0, 1, 0.5, { loss: 0.5 })
      await source.finishTrial(st.name, 0, { state: 'complete', value: 0.25, metrics: { loss: 0.25 } })
      await source.finishTrial(st.name, 1, { state: 'pruned', value: 0.75 })
      await source.finishTrial(st.name, 2, { state: 'fail', error: { reason: 'exit code 3', message: 'boom', stderrTail: ['Error: ü'] } })
      const trials: readonly TrialRecord[] = await source.getTrials(st.name)
      const copy = { ...st, name: `${st.name}-copy` }
      const target = await fresh()
      await target.importStudy!(copy, trials)
      expect(await target.getStudy(copy.name)).toEqual(copy)
      expect(JSON.stringify(await target.getTrials(copy.name))).toBe(JSON.stringify(trials))
      // The next trial continues the numbering, and the imported unique key still holds.
      expect((await target.createTrial(copy.name, init(9))).number).toBe(4)
      expect((await rejection(target.createTrial(copy.name, { ...init(10), uniqueKey: 'cell-2' }))).code).toBe('DUPLICATE_TRIAL')
    })

    it('refuses a study name the store already has, changing nothing', async (ctx) => {
      const s = await fresh()
      if (!s.importStudy) return ctx.skip('this store does not implement importStudy')
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      const before = JSON.stringify(await s.getTrials(st.name))
      const e = await rejection(s.importStudy(st, []))
      expect(e.code).toBe('INVALID_ARGUMENT')
      expect(e.message).toMatch(/already holds a study named/)
      expect(JSON.stringify(await s.getTrials(st.name))).toBe(before)
    })
  })
}
