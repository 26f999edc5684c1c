import { describe, expect, it } from 'vitest'
import { TrialFinishedError, type TunekitError, UnknownTrialError } from '../../errors.js'
import type { TrialRecord } from '../../trial/types.js'
import type { SuiteContext } from './context.js'

/** Finishing, intermediate values. */
export function finishingSuite({ fresh, studyRecord, init, rejection }: SuiteContext): void {
  describe('finishing', () => {
    it('completes a running trial with its value and metrics', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      const done = await s.finishTrial(st.name, 0, { state: 'complete', value: 0.25, metrics: { loss: 0.25, accuracy: 0.9 } })
      expect(done).toMatchObject({ number: 0, state: 'complete', value: 0.25, metrics: { loss: 0.25, accuracy: 0.9 }, error: null })
      expect(Number.isNaN(Date.parse(done.finishedAt ?? ''))).toBe(false)
      expect(done.durationMs).toBeGreaterThanOrEqual(0)
      expect((await s.getTrials(st.name))[0]).toEqual(done)
    })

    it('records failed and pruned trials', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      await s.createTrial(st.name, init(1))
      const failed = await s.finishTrial(st.name, 0, { state: 'fail', error: { reason: 'diverged', message: 'loss is NaN', stderrTail: ['nan'] } })
      expect(failed).toMatchObject({ state: 'fail', value: null, error: { reason: 'diverged', message: 'loss is NaN', stderrTail: ['nan'] } })
      const pruned = await s.finishTrial(st.name, 1, { state: 'pruned', value: 0.7 })
      expect(pruned).toMatchObject({ state: 'pruned', value: 0.7 })
    })

    it('refuses to finish a finished trial (TrialFinishedError) and leaves it unchanged', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      for (let i = 0; i < 3; i++) await s.createTrial(st.name, init(i))
      await s.finishTrial(st.name, 0, { state: 'complete', value: 1 })
      await s.finishTrial(st.name, 1, { state: 'pruned', value: 2 })
      await s.finishTrial(st.name, 2, { state: 'fail', error: { reason: 'boom' } })
      const before = structuredClone(await s.getTrials(st.name))
      for (const n of [0, 1, 2]) {
        for (const outcome of [
          { state: 'complete' as const, value: 5 },
          { state: 'fail' as const, error: { reason: 'again' } },
          { state: 'pruned' as const, value: 5 },
        ]) {
          const e = await rejection(s.finishTrial(st.name, n, outcome))
          expect(e).toBeInstanceOf(TrialFinishedError)
          expect(e.code).toBe('TRIAL_FINISHED')
        }
      }
      expect(await s.getTrials(st.name)).toEqual(before)
    })

    it('lets exactly one of several concurrent finishTrial calls on one trial win', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      const results = await Promise.allSettled([1, 2, 3, 4, 5].map((v) => s.finishTrial(st.name, 0, { state: 'complete', value: v })))
      const won = results.filter((r): r is PromiseFulfilledResult<TrialRecord> => r.status === 'fulfilled')
      expect(won).toHaveLength(1)
      for (const r of results) if (r.status === 'rejected') expect((r.reason as TunekitError).code).toBe('TRIAL_FINISHED')
      expect((await s.getTrials(st.name))[0]?.value).toBe(won[0]!.value.value)
    })

    it('refuses an unknown trial number (UnknownTrialError)', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      for (const n of [1, 17, -1]) {
        const e = await rejection(s.finishTrial(st.name, n, { state: 'complete', value: 1 }))
        expect(e).toBeInstanceOf(UnknownTrialError)
        expect(e.code).toBe('UNKNOWN_TRIAL')
      }
    })
  })
  describe('intermediate values', () => {
    it('records each step, a repeated step replacing the earlier value, and merges metrics', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      await s.reportIntermediate(st.name, 0, 0, 0.9, { loss: 0.9 })
      await s.reportIntermediate(st.name, 0, 1, 0.7, { loss: 0.7, accuracy: 0.5 })
      await s.reportIntermediate(st.name, 0, 2, 0.6)
      await s.reportIntermediate(st.name, 0, 2, 0.5)
      const [t] = await s.getTrials(st.name)
      expect(t?.state).toBe('running')
      expect([...(t?.intermediate ?? [])].sort((a, b) => a.step - b.step)).toEqual([
        { step: 0, value: 0.9 },
        { step: 1, value: 0.7 },
        { step: 2, value: 0.5 },
      ])
      expect(t?.metrics).toEqual({ loss: 0.7, accuracy: 0.5 })
      // Finishing keeps them.
      const done = await s.finishTrial(st.name, 0, { state: 'pruned', value: 0.5 })
      expect(done.intermediate).toHaveLength(3)
    })

    it('refuses a report for a finished or unknown trial', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      await s.finishTrial(st.name, 0, { state: 'complete', value: 1 })
      expect((await rejection(s.reportIntermediate(st.name, 0, 5, 1))).code).toBe('TRIAL_FINISHED')
      expect((await rejection(s.reportIntermediate(st.name, 3, 0, 1))).code).toBe('UNKNOWN_TRIAL')
      expect((await s.getTrials(st.name))[0]?.intermediate).toEqual([])
    })
  })
}
