import { describe, expect, it } from 'vitest'
import { applyChanges } from '../../storage/change-log.js'
import type { TrialRecord } from '../../trial/types.js'
import type { SuiteContext } from './context.js'

/** getTrialsSince (optional): a reader that applies the changes it is given ends with what getTrials returns. */
export function changesSuite({ fresh, studyRecord, init }: SuiteContext): void {
  describe('getTrialsSince', () => {
    it('answers a first read (no cursor) with every trial and a reset, then only what changed', async (t) => {
      const s = await fresh()
      if (!s.getTrialsSince) return t.skip()
      const st = studyRecord()
      await s.createStudy(st)
      for (let i = 0; i < 3; i++) await s.createTrial(st.name, init(i))
      const first = await s.getTrialsSince(st.name, undefined)
      expect(first.reset).toBe(true)
      expect(first.trials.map((x) => x.number)).toEqual([0, 1, 2])
      await s.finishTrial(st.name, 1, { state: 'complete', value: 0.5 })
      await s.createTrial(st.name, init(3))
      const next = await s.getTrialsSince(st.name, first.cursor)
      expect(next.reset).toBe(false)
      // A store may hand a row back again (PostgreSQL rereads recent transactions), but never miss one.
      const numbers = next.trials.map((x) => x.number)
      expect(numbers).toEqual(expect.arrayContaining([1, 3]))
      expect(next.trials.find((x) => x.number === 1)).toMatchObject({ state: 'complete', value: 0.5 })
      const again = await s.getTrialsSince(st.name, next.cursor)
      expect(again.trials.filter((x) => x.number === 0 || x.number === 2)).toEqual([])
    })

    it('keeps a reader that applies every answer equal to getTrials through creates, claims, reports, finishes and failures', async (t) => {
      const s = await fresh()
      if (!s.getTrialsSince) return t.skip()
      const st = studyRecord()
      await s.createStudy(st)
      const mine: TrialRecord[] = []
      let cursor: string | undefined
      const sync = async (): Promise<void> => {
        const c = await s.getTrialsSince!(st.name, cursor)
        cursor = c.cursor
        applyChanges(mine, c)
      }
      for (let i = 0; i < 12; i++) {
        await s.createTrial(st.name, i % 4 === 3 ? { ...init(i), state: 'waiting' } : init(i))
        if (i % 3 === 0) await sync()
      }
      await s.claimWaiting(st.name)
      await s.reportIntermediate(st.name, 0, 0, 0.9)
      for (const n of [5, 0, 8, 1]) await s.finishTrial(st.name, n, { state: 'complete', value: n })
      await s.finishTrial(st.name, 2, { state: 'fail', error: { reason: 'diverged' } })
      await sync()
      expect(mine).toEqual(await s.getTrials(st.name))
    })

    it('answers a cursor it did not hand out (another store, a garbled one) with a reset, not a guess', async (t) => {
      const s = await fresh()
      if (!s.getTrialsSince) return t.skip()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      for (const cursor of ['not-a-cursor', '999999:0', '1:-5']) {
        const c = await s.getTrialsSince(st.name, cursor)
        expect(c.reset).toBe(true)
        expect(c.trials.map((x) => x.number)).toEqual([0])
      }
    })
  })
}
