/**
 * The storage conformance suite: what every Storage must do, whatever keeps the data.
 * Each implementation runs it in a few lines:
 *
 *   storageConformance('lowdb', () => LowdbStorage.open(freshPath()))
 *
 * `open` must give a store in which the suite may create studies (names are unique per test, so a shared
 * database is fine). Stores whose location is not ":memory:" are persistent: the suite closes them and opens
 * the location again with `reopen` (default: openStorage) to check that everything survived, and opens a reader
 * beside a writer with `openReader` to check what flush() promises. With `heartbeatStale`, it checks how lost
 * trials are failed and retried.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { DuplicateTrialError, openStorage, TrialFinishedError, TunekitError, UnknownTrialError } from '../../src/index.js'
import type { Storage, StudyRecord, TrialRecord } from '../../src/index.js'

export interface ConformanceOptions {
  /** Opens a persistent store again by its location, after it was closed (default: openStorage). */
  readonly reopen?: (location: string) => Promise<Storage>
  /** Opens a persistent store read-only beside its open writer (default: openStorage with readonly). */
  readonly openReader?: (location: string) => Promise<Storage>
  /**
   * The store fails a running trial as "worker lost" once its heartbeat is older than `graceSeconds`, whoever runs it
   * (stores shared by many processes; the in-process stores fail only what a dead process of theirs left).
   */
  readonly heartbeatStale?: boolean
}

let counter = 0

export function storageConformance(name: string, open: () => Promise<Storage>, options: ConformanceOptions = {}): void {
  const reopen = options.reopen ?? ((location: string) => openStorage(location))
  const openReader = options.openReader ?? ((location: string) => openStorage(location, { readonly: true }))

  describe(`Storage conformance: ${name}`, () => {
    const opened: Storage[] = []
    const fresh = async (): Promise<Storage> => {
      const s = await open()
      opened.push(s)
      return s
    }
    const again = async (location: string): Promise<Storage> => {
      const s = await reopen(location)
      opened.push(s)
      return s
    }
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close()
    })

    const studyRecord = (overrides: Partial<StudyRecord> = {}): StudyRecord => ({
      name: `study-${process.pid}-${Date.now().toString(36)}-${counter++}`,
      direction: 'minimize',
      metric: 'loss',
      strategy: { name: 'random', seed: 3 },
      space: { parameters: { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b'] } } },
      seed: 3,
      createdAt: new Date().toISOString(),
      ...overrides,
    })
    const init = (i: number) => ({ params: { x: i / 100, c: i % 2 === 0 ? 'a' : 'b' }, seed: 1000 + i, strategy: 'random' })

    async function rejection(p: Promise<unknown>): Promise<TunekitError> {
      const e = await p.then(
        () => undefined,
        (err: unknown) => err,
      )
      if (!(e instanceof TunekitError)) throw new Error(`expected a TunekitError, got ${String(e)}`)
      return e
    }

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
        expect((await rejection(s.createTrial(`no-such-study-${counter++}`, init(0)))).code).toBe('STUDY_NOT_FOUND')
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
        expect((await rejection(s.claimWaiting(`no-such-study-${counter++}`))).code).toBe('STUDY_NOT_FOUND')
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
        opened.push(reader)
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
        opened.push(reader)
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
  })
}
