import { describe, expect, it } from 'vitest'
import { DuplicateTrialError } from '../../errors.js'
import type { SuiteContext } from './context.js'

/** Unique keys, waiting trials. */
export function keysWaitingSuite({ fresh, studyRecord, init, rejection }: SuiteContext): void {
  describe('unique keys', () => {
    const keyed = (i: number, uniqueKey: string) => ({ ...init(i), uniqueKey })

    it('refuses a second trial with a key the study holds (DuplicateTrialError), whatever state the holder is in', async () => {
      const s = await fresh()
      const st = studyRecord()
      const other = studyRecord()
      await s.createStudy(st)
      await s.createStudy(other)
      const t = await s.createTrial(st.name, keyed(0, 'x=0'))
      expect(t.uniqueKey).toBe('x=0')
      const dup = await rejection(s.createTrial(st.name, keyed(1, 'x=0')))
      expect(dup).toBeInstanceOf(DuplicateTrialError)
      expect(dup.code).toBe('DUPLICATE_TRIAL')
      // Keys are per study.
      expect((await s.createTrial(other.name, keyed(2, 'x=0'))).uniqueKey).toBe('x=0')
      await s.finishTrial(st.name, t.number, { state: 'complete', value: 1 })
      expect((await rejection(s.createTrial(st.name, keyed(3, 'x=0')))).code).toBe('DUPLICATE_TRIAL')
      const d = await s.createTrial(st.name, keyed(4, 'x=1'))
      await s.finishTrial(st.name, d.number, { state: 'fail', error: { reason: 'diverged' } })
      expect((await rejection(s.createTrial(st.name, keyed(5, 'x=1')))).code).toBe('DUPLICATE_TRIAL')
      // A refused trial takes no number.
      expect((await s.getTrials(st.name)).map((x) => x.number)).toEqual([0, 1])
      expect((await s.getTrials(st.name))[0]?.uniqueKey).toBe('x=0')
    })

    it('gives the key back when its trial fails as interrupted or worker lost', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, keyed(0, 'a'))
      await s.createTrial(st.name, keyed(1, 'b'))
      const a = await s.finishTrial(st.name, 0, { state: 'fail', error: { reason: 'interrupted' } })
      const b = await s.finishTrial(st.name, 1, { state: 'fail', error: { reason: 'worker lost', message: 'gone' } })
      expect(a.uniqueKey).toBeUndefined()
      expect(b.uniqueKey).toBeUndefined()
      expect((await s.createTrial(st.name, keyed(2, 'a'))).number).toBe(2)
      expect((await s.createTrial(st.name, keyed(3, 'b'))).number).toBe(3)
      const stored = await s.getTrials(st.name)
      expect(stored.map((t) => t.uniqueKey)).toEqual([undefined, undefined, 'a', 'b'])
    })

    it('lets exactly one of several concurrent createTrial calls with one key win', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => s.createTrial(st.name, keyed(i, 'cell'))))
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicateTrialError)
      expect((await s.getTrials(st.name)).map((t) => t.number)).toEqual([0])
      expect((await s.createTrial(st.name, init(11))).number).toBe(1)
    })
  })
  describe('waiting trials', () => {
    it('creates a waiting trial with no start, worker or heartbeat, and keeps retryOf', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      const w = await s.createTrial(st.name, { ...init(1), state: 'waiting', retryOf: 0 })
      expect(w).toMatchObject({ number: 1, state: 'waiting', startedAt: null, finishedAt: null, durationMs: null, retryOf: 0, params: init(1).params })
      expect(w.worker).toBeUndefined()
      expect(w.heartbeatAt).toBeUndefined()
      expect((await s.getTrials(st.name))[1]).toEqual(w)
    })

    it('claims the oldest waiting trial, making it running, until none is left', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      expect(await s.claimWaiting(st.name)).toBeUndefined()
      await s.createTrial(st.name, init(0))
      await s.createTrial(st.name, { ...init(1), state: 'waiting' })
      await s.createTrial(st.name, { ...init(2), state: 'waiting', uniqueKey: 'k2' })
      await s.createTrial(st.name, init(3))
      const first = await s.claimWaiting(st.name)
      expect(first).toMatchObject({ number: 1, state: 'running', params: init(1).params, seed: 1001 })
      expect(Number.isNaN(Date.parse(first?.startedAt ?? ''))).toBe(false)
      expect(first?.worker).toBeTypeOf('string')
      expect(await s.claimWaiting(st.name)).toMatchObject({ number: 2, state: 'running', uniqueKey: 'k2' })
      expect(await s.claimWaiting(st.name)).toBeUndefined()
      const stored = await s.getTrials(st.name)
      expect(stored[1]).toEqual(first)
      expect(stored.map((t) => t.state)).toEqual(['running', 'running', 'running', 'running'])
      // A claimed trial runs and finishes like any other.
      expect((await s.finishTrial(st.name, 1, { state: 'complete', value: 2 })).durationMs).toBeGreaterThanOrEqual(0)
    })

    it('hands each waiting trial to exactly one of several concurrent claimWaiting calls', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      for (let i = 0; i < 3; i++) await s.createTrial(st.name, { ...init(i), state: 'waiting' })
      const claimed = await Promise.all(Array.from({ length: 8 }, () => s.claimWaiting(st.name)))
      expect(
        claimed
          .filter((t) => t !== undefined)
          .map((t) => t!.number)
          .sort(),
      ).toEqual([0, 1, 2])
    })

    it('lets a waiting trial fail but not complete, and refuses its reports', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, { ...init(0), state: 'waiting' })
      expect((await rejection(s.finishTrial(st.name, 0, { state: 'complete', value: 1 }))).code).toBe('TRIAL_FINISHED')
      expect((await rejection(s.reportIntermediate(st.name, 0, 0, 1))).code).toBe('TRIAL_FINISHED')
      const failed = await s.finishTrial(st.name, 0, { state: 'fail', error: { reason: 'cancelled' } })
      expect(failed).toMatchObject({ state: 'fail', startedAt: null, durationMs: null, error: { reason: 'cancelled' } })
      expect(await s.claimWaiting(st.name)).toBeUndefined()
    })

    it('refuses to claim for a study it does not have (STUDY_NOT_FOUND)', async () => {
      const s = await fresh()
      expect((await rejection(s.claimWaiting(`no-such-${studyRecord().name}`))).code).toBe('STUDY_NOT_FOUND')
    })
  })
}
