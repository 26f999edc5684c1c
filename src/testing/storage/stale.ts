import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'

/** Stale trials, heartbeats. */
export function staleSuite({ fresh, studyRecord, init, rejection, options }: SuiteContext): void {
  describe('stale trials', () => {
    it('never fails trials that this live process is running, nor finished ones', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      for (let i = 0; i < 3; i++) await s.createTrial(st.name, init(i))
      await s.finishTrial(st.name, 1, { state: 'complete', value: 1 })
      const before = structuredClone(await s.getTrials(st.name))
      expect(await s.failStaleTrials(st.name)).toEqual([])
      expect(await s.getTrials(st.name)).toEqual(before)
    })

    it('keeps a trial running when it sends heartbeats (when the store has them)', async (ctx) => {
      const s = await fresh()
      if (!s.heartbeat) return ctx.skip('no heartbeat')
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      await s.heartbeat(st.name, [0])
      expect(await s.failStaleTrials(st.name)).toEqual([])
      const [t] = await s.getTrials(st.name)
      expect(t?.state).toBe('running')
      expect(Number.isNaN(Date.parse(t?.heartbeatAt ?? ''))).toBe(false)
    })
  })
  describe('heartbeats', () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

    it('refuses a heartbeat for an unknown trial, and ignores finished ones', async (ctx) => {
      const s = await fresh()
      if (!s.heartbeat) return ctx.skip('no heartbeat')
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      await s.createTrial(st.name, init(1))
      const done = await s.finishTrial(st.name, 1, { state: 'complete', value: 1 })
      await s.heartbeat(st.name, [0, 1])
      expect((await s.getTrials(st.name))[1]).toEqual(done)
      expect((await rejection(s.heartbeat(st.name, [0, 7]))).code).toBe('UNKNOWN_TRIAL')
    })

    it('fails a running trial whose heartbeat is older than the grace period as "worker lost", releasing its key', async (ctx) => {
      const s = await fresh()
      if (!options.heartbeatStale) return ctx.skip('no heartbeat-based stale trials')
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, { ...init(0), uniqueKey: 'cell' })
      await s.createTrial(st.name, init(1))
      await s.createTrial(st.name, init(2))
      await s.finishTrial(st.name, 2, { state: 'complete', value: 1 })
      await sleep(400)
      await s.heartbeat!(st.name, [1])
      expect(await s.failStaleTrials(st.name, { graceSeconds: 0.25 })).toEqual([0])
      const [lost, alive, done] = await s.getTrials(st.name)
      expect(lost).toMatchObject({ number: 0, state: 'fail', error: { reason: 'worker lost' } })
      expect(lost?.uniqueKey).toBeUndefined()
      expect(lost?.worker).toBeUndefined()
      expect(lost?.durationMs).toBeGreaterThanOrEqual(300)
      expect(alive?.state).toBe('running')
      expect(done?.state).toBe('complete')
      expect(await s.failStaleTrials(st.name, { graceSeconds: 0.25 })).toEqual([])
      expect((await s.createTrial(st.name, { ...init(3), uniqueKey: 'cell' })).number).toBe(3)
    })

    it('re-enqueues a lost trial as a waiting retry, at most retryFailed times along its chain', async (ctx) => {
      const s = await fresh()
      if (!options.heartbeatStale) return ctx.skip('no heartbeat-based stale trials')
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, { ...init(0), uniqueKey: 'cell' })
      const stale = { graceSeconds: 0.2, retryFailed: 2 }
      for (const n of [0, 1, 2]) {
        await sleep(300)
        expect(await Promise.all([s.failStaleTrials(st.name, stale), s.failStaleTrials(st.name, stale)])).toEqual([[n], []])
        const trials = await s.getTrials(st.name)
        if (n < 2) {
          expect(trials[n + 1]).toMatchObject({ number: n + 1, state: 'waiting', retryOf: n, params: init(0).params, seed: 1000, uniqueKey: 'cell' })
          // The retry holds the cell: nobody else may take it meanwhile.
          expect((await rejection(s.createTrial(st.name, { ...init(9), uniqueKey: 'cell' }))).code).toBe('DUPLICATE_TRIAL')
          expect((await s.claimWaiting(st.name))?.number).toBe(n + 1)
        } else {
          expect(trials).toHaveLength(3)
        }
      }
    })
  })
}
