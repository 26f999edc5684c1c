import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'

/** Studies, trials. */
export function studiesTrialsSuite({ fresh, studyRecord, init, rejection }: SuiteContext): void {
  describe('studies', () => {
    it('creates a study and gets it back; an unknown name gives undefined', async () => {
      const s = await fresh()
      expect(s.readonly).toBe(false)
      const record = studyRecord({ settings: { budget: 10, trainer: { name: 'mlp' } } })
      expect(await s.createStudy(record)).toEqual(record)
      expect(await s.getStudy(record.name)).toEqual(record)
      expect(await s.getStudy(`${record.name}-nope`)).toBeUndefined()
    })

    it('returns the stored study unchanged when one of that name exists', async () => {
      const s = await fresh()
      const record = studyRecord()
      await s.createStudy(record)
      const other = { ...record, direction: 'maximize' as const, seed: 99 }
      expect(await s.createStudy(other)).toEqual(record)
      expect(await s.getStudy(record.name)).toEqual(record)
    })

    it('lists every study once', async () => {
      const s = await fresh()
      const records = [studyRecord(), studyRecord(), studyRecord()]
      for (const r of records) await s.createStudy(r)
      await s.createStudy(records[0]!)
      const listed = await s.listStudies()
      for (const r of records) expect(listed.filter((x) => x.name === r.name)).toEqual([r])
    })
  })
  describe('trials', () => {
    it('creates a running trial with what it was given', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      const t = await s.createTrial(st.name, init(7))
      expect(t).toMatchObject({
        number: 0,
        state: 'running',
        params: init(7).params,
        seed: 1007,
        strategy: 'random',
        value: null,
        intermediate: [],
        finishedAt: null,
        error: null,
      })
      expect(Number.isNaN(Date.parse(t.startedAt ?? ''))).toBe(false)
      expect(await s.getTrials(st.name)).toEqual([t])
    })

    it('numbers trials 0, 1, 2, ... atomically under concurrent createTrial', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      const made = await Promise.all(Array.from({ length: 50 }, (_, i) => s.createTrial(st.name, init(i))))
      expect(made.map((t) => t.number).sort((a, b) => a - b)).toEqual([...Array(50).keys()])
      const stored = await s.getTrials(st.name)
      expect(stored.map((t) => t.number)).toEqual([...Array(50).keys()])
      // Each number belongs to the trial that was given it.
      for (const t of made) expect(stored[t.number]?.params).toEqual(t.params)
    })

    it('numbers each study on its own, and never reuses a number', async () => {
      const s = await fresh()
      const a = studyRecord()
      const b = studyRecord()
      await s.createStudy(a)
      await s.createStudy(b)
      await s.createTrial(a.name, init(0))
      await s.createTrial(a.name, init(1))
      expect((await s.createTrial(b.name, init(2))).number).toBe(0)
      const t = await s.createTrial(a.name, init(3))
      await s.finishTrial(a.name, t.number, { state: 'fail', error: { reason: 'x' } })
      expect((await s.createTrial(a.name, init(4))).number).toBe(3)
    })

    it('refuses a trial for a study it does not have (STUDY_NOT_FOUND)', async () => {
      const s = await fresh()
      expect((await rejection(s.createTrial(`no-such-${studyRecord().name}`, init(0)))).code).toBe('STUDY_NOT_FOUND')
    })

    it('keeps getTrials ordered by number whatever order trials finish in', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      for (let i = 0; i < 6; i++) await s.createTrial(st.name, init(i))
      for (const n of [4, 1, 5, 0]) await s.finishTrial(st.name, n, { state: 'complete', value: n })
      const trials = await s.getTrials(st.name)
      expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5])
      expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'running', 'running', 'complete', 'complete'])
    })

    // getTrials returns a snapshot: a result already handed out never changes under its holder (a remote store cannot do otherwise).
    it('returns a snapshot from getTrials: later writes do not change an array already returned', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      const before = await s.getTrials(st.name)
      const copy = structuredClone(before)
      await s.createTrial(st.name, init(1))
      await s.finishTrial(st.name, 0, { state: 'complete', value: 1 })
      expect(before).toEqual(copy)
    })
  })
}
