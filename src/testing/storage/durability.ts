import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'

/** Read-only, durability. */
export function durabilitySuite({ fresh, again, studyRecord, init, rejection, openReader }: SuiteContext): void {
  describe('read-only', () => {
    it('refuses every write through a read-only instance (STORE_READONLY) and reads what the writer wrote', async (ctx) => {
      const s = await fresh()
      if (s.location === ':memory:') return ctx.skip('not persistent')
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      await s.createTrial(st.name, { ...init(1), state: 'waiting' })
      await s.flush()
      const reader = await openReader(s.location)
      expect(reader.readonly).toBe(true)
      const writes: Promise<unknown>[] = [
        reader.createStudy(studyRecord()),
        reader.createTrial(st.name, init(2)),
        reader.claimWaiting(st.name),
        reader.reportIntermediate(st.name, 0, 0, 1),
        reader.finishTrial(st.name, 0, { state: 'complete', value: 1 }),
        ...(reader.heartbeat ? [reader.heartbeat(st.name, [0])] : []),
      ]
      for (const w of writes) expect((await rejection(w)).code).toBe('STORE_READONLY')
      expect(await reader.failStaleTrials(st.name, { graceSeconds: 0 })).toEqual([])
      expect(await reader.getTrials(st.name)).toEqual(await s.getTrials(st.name))
    })
  })
  describe('durability', () => {
    it('keeps everything across close and reopen (persistent stores)', async (ctx) => {
      const s = await fresh()
      if (s.location === ':memory:') return ctx.skip('not persistent')
      const st = studyRecord({ settings: { note: 'persist me' } })
      await s.createStudy(st)
      for (let i = 0; i < 5; i++) await s.createTrial(st.name, init(i))
      await s.reportIntermediate(st.name, 0, 0, 0.5, { loss: 0.5 })
      await s.finishTrial(st.name, 0, { state: 'complete', value: 0.4, metrics: { loss: 0.4 } })
      await s.finishTrial(st.name, 1, { state: 'pruned', value: 0.9 })
      await s.finishTrial(st.name, 2, { state: 'fail', error: { reason: 'diverged' } })
      await s.flush()
      const trials = structuredClone(await s.getTrials(st.name))
      await s.close()
      const r = await again(s.location)
      expect(await r.getStudy(st.name)).toEqual(st)
      expect(await r.getTrials(st.name)).toEqual(trials)
      // Numbering carries on where it stopped.
      expect((await r.createTrial(st.name, init(9))).number).toBe(5)
    })

    it('makes every change made before flush() visible to a reader of the same location while the writer stays open', async (ctx) => {
      const s = await fresh()
      if (s.location === ':memory:') return ctx.skip('not persistent')
      const st = studyRecord()
      await s.createStudy(st)
      for (let i = 0; i < 3; i++) await s.createTrial(st.name, init(i))
      await s.reportIntermediate(st.name, 2, 0, 0.5)
      await s.finishTrial(st.name, 0, { state: 'complete', value: 0.1 })
      await s.finishTrial(st.name, 1, { state: 'fail', error: { reason: 'x' } })
      await s.flush()
      const reader = await openReader(s.location)
      expect(reader.readonly).toBe(true)
      expect(await reader.getTrials(st.name)).toEqual(await s.getTrials(st.name))
    })

    it('writes changes nobody awaited a flush for when it closes', async (ctx) => {
      const s = await fresh()
      if (s.location === ':memory:') return ctx.skip('not persistent')
      const st = studyRecord()
      await s.createStudy(st)
      const made = Promise.all([0, 1, 2].map((i) => s.createTrial(st.name, init(i))))
      void s.reportIntermediate(st.name, 0, 3, 0.3).catch(() => {})
      await made
      await s.close()
      const r = await again(s.location)
      const trials = await r.getTrials(st.name)
      expect(trials.map((t) => t.number)).toEqual([0, 1, 2])
      expect(trials[0]?.intermediate).toEqual([{ step: 3, value: 0.3 }])
    })

    it('flushes with nothing to write, and closes twice without complaint', async () => {
      const s = await fresh()
      await s.flush()
      await s.close()
      await s.close()
    })
  })
}
