import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createStudy, openStorage, TunekitError } from '../../src/index.js'
import type { Storage, StudyRecord, TrialRecord } from '../../src/index.js'
import { LowdbStorage } from '../../src/storage/lowdb.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { migrateStore, migrateStudy } from '../../src/storage/migrate.js'
import { createTestDatabase, explainSkip, PG_URL, useTestDatabase } from '../helpers/pg.js'
import { tempDir } from '../helpers/study.js'

explainSkip('test/storage/migrate.test.ts')

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const dir = tempDir()
let n = 0
const path = (): string => join(dir, `store-${n++}.json`)

const studyRecord = (name: string): StudyRecord => ({
  name,
  direction: 'maximize',
  metric: 'accuracy',
  strategy: { name: 'grid', seed: 7, points: 3 },
  // Key order matters (the order of the space's parameters), so it must survive.
  space: {
    parameters: {
      z: { type: 'int', low: 0, high: 9 },
      a: { type: 'categorical', choices: ['sgd', 'adam'] },
      m: { type: 'float', low: 0, high: 1, when: { a: 'sgd' } },
    },
  },
  seed: 7,
  createdAt: '2024-05-06T07:08:09.123Z',
  settings: { budget: { trials: 50 }, trainer: { builtin: 'mlp', options: { epochs: 3 } } },
})

/** A store with every kind of trial: finished three ways, interrupted (key released), waiting retries, running. */
async function richStore(s: Storage, name: string): Promise<void> {
  await s.createStudy(studyRecord(name))
  const p = (i: number) => ({ z: i, a: i % 2 ? 'adam' : 'sgd', ...(i % 2 ? {} : { m: (i + 0.1) / 10 }) })
  for (let i = 0; i < 8; i++) await s.createTrial(name, { params: p(i), seed: 1000 + i, strategy: 'grid', uniqueKey: JSON.stringify(p(i)) })
  await s.reportIntermediate(name, 0, 0, 0.1 + 0.2, { accuracy: 0.3, loss: 1e-300 })
  await s.reportIntermediate(name, 0, 1, 0.5)
  await s.reportIntermediate(name, 0, 0, 0.25)
  await s.finishTrial(name, 0, { state: 'complete', value: 0.9, metrics: { accuracy: 0.9, epochs: 3 } })
  await s.reportIntermediate(name, 1, 0, 0.2)
  await s.finishTrial(name, 1, { state: 'pruned', value: 0.2 })
  await s.finishTrial(name, 2, { state: 'fail', error: { reason: 'exit code 3', message: 'boom', stdoutTail: ['a', 'b'], stderrTail: ['Error: ü'] } })
  await s.finishTrial(name, 3, { state: 'fail', error: { reason: 'interrupted', message: 'Ctrl-C' } })
  await s.createTrial(name, { params: p(3), seed: 1003, strategy: 'grid', uniqueKey: JSON.stringify(p(3)), state: 'waiting', retryOf: 3 })
  await s.createTrial(name, { params: p(9), seed: 1009, strategy: 'enqueued', state: 'waiting' })
  await s.claimWaiting(name)
  await s.finishTrial(name, 4, { state: 'complete', value: 5e-324 })
  await s.finishTrial(name, 5, { state: 'complete', value: 1.7976931348623157e308, metrics: { accuracy: -123.456e-7 } })
  // 6 and 7 stay running (a sweep that was stopped), 8 was claimed and runs, 9 waits.
  await s.heartbeat!(name, [6, 7, 8])
}

/** A multi-objective study with constraints: complete (feasible or not), failed, running. */
async function multiStore(s: Storage, name: string): Promise<void> {
  await s.createStudy({ ...studyRecord(name), direction: 'minimize', metric: 'loss', directions: ['minimize', 'maximize'], metrics: ['loss', 'accuracy'] })
  for (let i = 0; i < 4; i++) await s.createTrial(name, { params: { z: i, a: 'adam' }, seed: i, strategy: 'nsga2' })
  await s.finishTrial(name, 0, { state: 'complete', value: 0.5, values: [0.5, 0.75], metrics: { loss: 0.5, accuracy: 0.75 } })
  await s.finishTrial(name, 1, { state: 'complete', value: 0.1 + 0.2, values: [0.1 + 0.2, 1e-300], constraints: [-1.5, 2] })
  await s.finishTrial(name, 2, { state: 'fail', error: { reason: 'wrong number of values' } })
}

/** A store as a user might write one: every Storage method but the optional importStudy. */
function withoutImport(s: Storage): Storage {
  return new Proxy(s, {
    get: (target, prop) => (prop === 'importStudy' ? undefined : bound(target, prop)),
  })
}

function bound(target: Storage, prop: string | symbol): unknown {
  const v = Reflect.get(target, prop) as unknown
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
}

function snapshot(trials: readonly TrialRecord[]): string {
  return JSON.stringify(trials)
}

async function rejection(p: Promise<unknown>): Promise<TunekitError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof TunekitError)) throw new Error(`expected a TunekitError, got ${String(e)}`)
  return e
}

function cli(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('migrate between in-process stores', () => {
  it('copies a lowdb file into a new lowdb file exactly (the file target writes records as they are)', async () => {
    const from = path()
    const s = await LowdbStorage.open(from)
    await richStore(s, 'rich')
    const trials = await s.getTrials('rich')
    await s.close()
    const to = path()
    expect(await migrateStudy(from, to)).toEqual({ study: 'rich', trials: 10, exact: true })
    const copy = await openStorage(to, { readonly: true })
    expect(snapshot(await copy.getTrials('rich'))).toBe(snapshot(trials))
    expect(readFileSync(to, 'utf8')).toBe(readFileSync(from, 'utf8'))
  })

  it('rebuilds a study in a store that cannot import (one without importStudy), keeping all but times and workers', async () => {
    const from = new MemoryStorage()
    await richStore(from, 'rich')
    const to = withoutImport(new MemoryStorage())
    expect(await migrateStudy(from, to)).toEqual({ study: 'rich', trials: 10, exact: false })
    const strip = (t: TrialRecord) => {
      const { startedAt: _s, finishedAt: _f, durationMs: _d, worker: _w, heartbeatAt: _h, ...rest } = t
      return rest
    }
    expect((await to.getTrials('rich')).map(strip)).toStrictEqual((await from.getTrials('rich')).map(strip))
    expect(await to.getStudy('rich')).toStrictEqual(await from.getStudy('rich'))
  })

  it('copies into a memory store exactly (it implements importStudy)', async () => {
    const from = new MemoryStorage()
    await richStore(from, 'rich')
    const to = new MemoryStorage()
    expect(await migrateStudy(from, to)).toEqual({ study: 'rich', trials: 10, exact: true })
    expect(snapshot(await to.getTrials('rich'))).toBe(snapshot(await from.getTrials('rich')))
  })

  it('copies a multi-objective study exactly, and rebuilds it through a store without importStudy', async () => {
    const from = new MemoryStorage()
    await multiStore(from, 'multi')
    const to = new MemoryStorage()
    expect(await migrateStudy(from, to)).toEqual({ study: 'multi', trials: 4, exact: true })
    expect(snapshot(await to.getTrials('multi'))).toBe(snapshot(await from.getTrials('multi')))
    const rebuilt = withoutImport(new MemoryStorage())
    await migrateStudy(from, rebuilt)
    const values = (ts: readonly TrialRecord[]) => ts.map((t) => [t.state, t.value, t.values, t.constraints])
    expect(values(await rebuilt.getTrials('multi'))).toEqual(values(await from.getTrials('multi')))
    expect(await rebuilt.getStudy('multi')).toStrictEqual(await from.getStudy('multi'))
  })

  it('refuses to overwrite a study, to pick among several studies unasked, and to copy a store onto itself', async () => {
    const from = path()
    const s = await LowdbStorage.open(from)
    await richStore(s, 'one')
    await richStore(s, 'two')
    await s.close()
    expect((await rejection(migrateStudy(from, path()))).message).toMatch(/name the study to copy \(studies: one, two\)/)
    expect((await rejection(migrateStudy(from, from, { name: 'one' }))).message).toMatch(/same store/)
    const to = path()
    await migrateStudy(from, to, { name: 'one' })
    const before = readFileSync(to, 'utf8')
    const e = await rejection(migrateStore(from, to))
    expect(e.code).toBe('INVALID_ARGUMENT')
    expect(e.message).toMatch(/already holds a study named "one"; migrate never overwrites/)
    // Refused before anything was written: "two" did not go in either.
    expect(readFileSync(to, 'utf8')).toBe(before)
    expect((await rejection(migrateStudy(from, path(), { name: 'three' }))).code).toBe('STUDY_NOT_FOUND')
  })
})

describe.skipIf(!PG_URL)('migrate with PostgreSQL', () => {
  const db = useTestDatabase()

  it('round-trips lowdb -> PostgreSQL -> lowdb losing nothing: every field of every trial, every number', async () => {
    const from = path()
    const s = await LowdbStorage.open(from)
    await richStore(s, 'rich')
    const study = await s.getStudy('rich')
    const trials = await s.getTrials('rich')
    await s.close()

    expect(await migrateStudy(from, db.url())).toEqual({ study: 'rich', trials: 10, exact: true })
    const pg = await openStorage(db.url(), { readonly: true })
    expect(await pg.getStudy('rich')).toStrictEqual(study)
    expect(await pg.getTrials('rich')).toStrictEqual(trials)
    expect(snapshot(await pg.getTrials('rich'))).toBe(snapshot(trials))
    await pg.close()

    const back = path()
    await migrateStudy(db.url(), back, { name: 'rich' })
    const copy = await openStorage(back, { readonly: true })
    expect(await copy.getStudy('rich')).toStrictEqual(study)
    expect(await copy.getTrials('rich')).toStrictEqual(trials)
    expect(readFileSync(back, 'utf8')).toBe(readFileSync(from, 'utf8'))
  })

  it('round-trips a multi-objective study with constraints lowdb -> PostgreSQL -> lowdb exactly', async () => {
    const from = path()
    const s = await LowdbStorage.open(from)
    await multiStore(s, 'multi')
    const study = await s.getStudy('multi')
    const trials = await s.getTrials('multi')
    await s.close()
    expect(await migrateStudy(from, db.url())).toEqual({ study: 'multi', trials: 4, exact: true })
    const pg = await openStorage(db.url(), { readonly: true })
    expect(await pg.getStudy('multi')).toStrictEqual(study)
    expect(snapshot(await pg.getTrials('multi'))).toBe(snapshot(trials))
    await pg.close()
    const back = path()
    await migrateStudy(db.url(), back, { name: 'multi' })
    expect(readFileSync(back, 'utf8')).toBe(readFileSync(from, 'utf8'))
  })

  it('continues a migrated study in PostgreSQL: numbering goes on, waiting trials are claimed first, keys still hold', async () => {
    const from = path()
    const s = await LowdbStorage.open(from)
    await richStore(s, 'cont')
    await s.close()
    await migrateStudy(from, db.url())
    const pg = await openStorage(db.url())
    await new Promise((r) => setTimeout(r, 400))
    try {
      expect((await pg.claimWaiting('cont'))?.number).toBe(9)
      expect(
        (await rejection(pg.createTrial('cont', { params: {}, seed: 1, strategy: 'grid', uniqueKey: JSON.stringify({ z: 0, a: 'sgd', m: 0.01 }) }))).code,
      ).toBe('DUPLICATE_TRIAL')
      expect((await pg.createTrial('cont', { params: { z: 3, a: 'adam' }, seed: 1, strategy: 'grid', uniqueKey: 'new' })).number).toBe(10)
      // The sweep that was stopped left 6, 7 and 8 running: the next worker fails them as lost.
      expect(await pg.failStaleTrials('cont', { graceSeconds: 0.3 })).toEqual([6, 7, 8])
    } finally {
      await pg.close()
    }
  })

  it('copies from memory to PostgreSQL exactly, and refuses a second copy of the same study', async () => {
    const mem = new MemoryStorage()
    await richStore(mem, 'from-memory')
    await migrateStudy(mem, db.url())
    const pg = await openStorage(db.url(), { readonly: true })
    expect(await pg.getTrials('from-memory')).toStrictEqual(await mem.getTrials('from-memory'))
    await pg.close()
    const e = await rejection(migrateStudy(mem, db.url()))
    expect(e.message).toMatch(/already holds a study named "from-memory"/)
  })

  it('tunekit migrate copies a file to PostgreSQL and back, and tunekit report and compare read the PostgreSQL store', async () => {
    const from = path()
    const study = await createStudy({ name: 'cli', space: { parameters: { x: { type: 'float', low: 0, high: 1 } } }, storage: from })
    await study.optimize((p) => p.x as number, { trials: 12 })
    await study.close()
    // A database of its own: compare reads every study of a store.
    const own = await createTestDatabase()
    onTestFinished(() => own.drop())
    const url = own.url
    const there = cli(['migrate', from, url, '--experiment', 'cli'])
    expect(there.stderr).toBe('')
    expect(there.code).toBe(0)
    expect(there.stdout).toMatch(/copied study "cli" \(12 trials\)/)
    const report = cli(['report', url, '--experiment', 'cli', '--format', 'json'])
    expect(report.code).toBe(0)
    expect(report.stdout).toContain('"cli"')
    const compare = cli(['compare', url, from, '--format', 'json'])
    expect(compare.stderr).toBe('')
    expect(compare.code).toBe(0)
    const refused = cli(['migrate', from, url, '--experiment', 'cli'])
    expect(refused.code).toBe(2)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(refused.stderr).toMatch(/already holds a study named "cli"/)
    const back = path()
    expect(cli(['migrate', url, back, '--experiment', 'cli']).code).toBe(0)
    expect(readFileSync(back, 'utf8')).toBe(readFileSync(from, 'utf8'))
  })
})
