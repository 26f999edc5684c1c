import { afterEach, describe, expect, it } from 'vitest'
import { createStudy, openStorage, TunekitError } from '../../src/index.js'
import type { SearchSpaceInput, Storage, StudyRecord } from '../../src/index.js'
import { SCHEMA_VERSION } from '../../src/storage/postgres/index.js'
import { MIGRATIONS } from '../../src/storage/postgres/schema.js'
import { storageConformance } from '../../src/testing/index.js'
import { spawnStoreChild, type Child } from '../helpers/child.js'
import { createTestDatabase, explainSkip, PG_URL, sql, useTestDatabase, withDatabase } from '../helpers/pg.js'

explainSkip('test/storage/postgres.test.ts')

let counter = 0
const study = (overrides: Partial<StudyRecord> = {}): StudyRecord => ({
  name: `pg-${counter++}`,
  direction: 'minimize',
  metric: 'loss',
  strategy: { name: 'random' },
  space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
  seed: 1,
  createdAt: new Date().toISOString(),
  ...overrides,
})
const init = (i: number) => ({ params: { x: i / 100 }, seed: i, strategy: 'random' })

async function rejection(p: Promise<unknown>): Promise<TunekitError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof TunekitError)) throw new Error(`expected a TunekitError, got ${String(e)}`)
  return e
}

describe.skipIf(!PG_URL)('PostgreSQL store', () => {
  const db = useTestDatabase()
  storageConformance('postgres', () => openStorage(db.url()), { heartbeatStale: true })

  const opened: Storage[] = []
  const open = async (options: { readonly?: boolean } = {}, url = db.url()): Promise<Storage> => {
    const s = await openStorage(url, options)
    opened.push(s)
    return s
  }
  const children: Child[] = []
  afterEach(async () => {
    for (const c of children.splice(0)) c.proc.kill('SIGKILL')
    for (const s of opened.splice(0)) await s.close()
  })

  describe('several workers (one instance each, as separate processes have)', () => {
    it('numbers trials densely and atomically across instances', async () => {
      const workers = await Promise.all([0, 1, 2, 3].map(() => open()))
      const st = study()
      await Promise.all(workers.map((w) => w.createStudy(st)))
      const made = await Promise.all(workers.flatMap((w, k) => Array.from({ length: 25 }, (_, i) => w.createTrial(st.name, init(k * 25 + i)))))
      expect(made.map((t) => t.number).sort((a, b) => a - b)).toEqual([...Array(100).keys()])
      for (const w of workers) {
        const trials = await w.getTrials(st.name)
        expect(trials.map((t) => t.number)).toEqual([...Array(100).keys()])
        for (const t of made) expect(trials[t.number]?.params).toEqual(t.params)
      }
    })

    it('hands each waiting trial and each unique key to exactly one instance', async () => {
      const workers = await Promise.all([0, 1, 2, 3].map(() => open()))
      const st = study()
      await workers[0]!.createStudy(st)
      for (let i = 0; i < 10; i++) await workers[0]!.createTrial(st.name, { ...init(i), state: 'waiting' })
      const claims = await Promise.all(workers.flatMap((w) => Array.from({ length: 5 }, () => w.claimWaiting(st.name))))
      expect(
        claims
          .filter((t) => t !== undefined)
          .map((t) => t!.number)
          .sort((a, b) => a - b),
      ).toEqual([...Array(10).keys()])
      const keyed = await Promise.allSettled(workers.map((w) => w.createTrial(st.name, { ...init(0), uniqueKey: 'cell' })))
      expect(keyed.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    })

    it('sees the changes of other instances in its incremental reads, and re-reads only changed rows', async () => {
      const a = await open()
      const b = await open()
      const st = study()
      await a.createStudy(st)
      for (let i = 0; i < 3; i++) await a.createTrial(st.name, init(i))
      // Once no transaction older than trial 0's last change runs on the server, b's next read moves its horizon past it...
      const where = `study_id = (SELECT id FROM tunekit_studies WHERE name = $1)`
      for (let i = 0; i < 100; i++) {
        const [row] = await sql<{ past: boolean }>(
          db.url(),
          `SELECT pg_snapshot_xmin(pg_current_snapshot()) > changed_by AS past FROM tunekit_trials WHERE number = 0 AND ${where}`,
          [st.name],
        )
        if (row?.past) break
        await new Promise((r) => setTimeout(r, 50))
      }
      expect(await b.getTrials(st.name)).toHaveLength(3)
      // ...so a change that does not stamp the row is invisible to b's cache (proof that b does not re-read every
      // row), while a fresh reader sees it.
      await sql(db.url(), `UPDATE tunekit_trials SET strategy = 'tampered' WHERE number = 0 AND study_id = (SELECT id FROM tunekit_studies WHERE name = $1)`, [
        st.name,
      ])
      expect((await b.getTrials(st.name))[0]?.strategy).toBe('random')
      expect((await (await open({ readonly: true })).getTrials(st.name))[0]?.strategy).toBe('tampered')
      await a.finishTrial(st.name, 1, { state: 'complete', value: 0.5 })
      await a.reportIntermediate(st.name, 2, 0, 0.9)
      await a.createTrial(st.name, init(3))
      const seen = await b.getTrials(st.name)
      expect(seen.map((t) => [t.number, t.state])).toEqual([
        [0, 'running'],
        [1, 'complete'],
        [2, 'running'],
        [3, 'running'],
      ])
      expect(seen[1]?.value).toBe(0.5)
      expect(seen[2]?.intermediate).toEqual([{ step: 0, value: 0.9 }])
      expect(seen).toEqual(await a.getTrials(st.name).then((ts) => ts.map((t) => (t.number === 0 ? { ...t, strategy: 'random' } : t))))
    })

    it('never misses a change whose transaction commits after a later one did (reads start at the oldest running transaction)', async () => {
      const writer = await open()
      const reader = await open()
      const st = study()
      await writer.createStudy(st)
      await writer.createTrial(st.name, init(0))
      await reader.getTrials(st.name)
      // A slow transaction changes trial 0 and does not commit yet; meanwhile another worker adds trial 1 and commits.
      const { Client } = await import('pg')
      const slow = new Client({ connectionString: db.url() })
      await slow.connect()
      try {
        await slow.query('BEGIN')
        await slow.query(
          `UPDATE tunekit_trials SET value = 42, changed_by = pg_current_xact_id() WHERE number = 0 AND study_id = (SELECT id FROM tunekit_studies WHERE name = $1)`,
          [st.name],
        )
        await writer.createTrial(st.name, init(1))
        expect((await reader.getTrials(st.name)).map((t) => [t.number, t.value])).toEqual([
          [0, null],
          [1, null],
        ])
        await slow.query('COMMIT')
      } finally {
        await slow.end()
      }
      expect((await reader.getTrials(st.name)).map((t) => [t.number, t.value])).toEqual([
        [0, 42],
        [1, null],
      ])
    })

    it('runs one grid sweep from 4 processes: every cell once, numbers 0..n-1', async () => {
      const space: SearchSpaceInput = { parameters: { a: { type: 'int', low: 0, high: 5 }, b: { type: 'categorical', choices: ['x', 'y', 'z', 'w'] } } }
      const name = `grid-${counter++}`
      // The study exists before the workers start, as it does when `tunekit run` made it and workers join.
      const first = await createStudy({ name, space, strategy: { name: 'grid', seed: 5 }, storage: db.url() })
      await first.close()
      for (let k = 0; k < 4; k++) children.push(spawnStoreChild('crash', db.url(), { name, space, strategy: { name: 'grid', seed: 5 }, asks: 6, tells: 6 }))
      await Promise.all(children.map((c) => c.ready))
      const s = await open({ readonly: true })
      const trials = await s.getTrials(name)
      expect(trials.map((t) => t.number)).toEqual([...Array(24).keys()])
      expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(24)
      expect(trials.every((t) => t.state === 'complete')).toBe(true)
    })

    it('fails the trials of a killed worker process as "worker lost", and only those', async () => {
      const s = await open()
      const name = `lost-${counter++}`
      const space: SearchSpaceInput = { parameters: { x: { type: 'float', low: 0, high: 1 } } }
      const child = spawnStoreChild('crash', db.url(), { name, space, strategy: { name: 'random' }, asks: 2, tells: 0 })
      children.push(child)
      await child.ready
      child.proc.kill('SIGKILL')
      await child.exited
      const mine = await s.createTrial(name, init(9))
      await new Promise((r) => setTimeout(r, 400))
      await s.heartbeat!(name, [mine.number])
      expect(await s.failStaleTrials(name, { graceSeconds: 0.3 })).toEqual([0, 1])
      const trials = await s.getTrials(name)
      expect(trials.map((t) => t.state)).toEqual(['fail', 'fail', 'running'])
      expect(trials[0]?.error?.message).toContain(`${child.proc.pid}@`)
    })
  })

  describe('values', () => {
    it('keeps every number exactly and the key order of params and metrics', async () => {
      const s = await open()
      const st = study({ space: { parameters: { z: { type: 'float', low: 0, high: 1 }, a: { type: 'float', low: 0, high: 1 } } } })
      await s.createStudy(st)
      const awkward = [0.1 + 0.2, 1e-300, 5e-324, 1.7976931348623157e308, -123.456e-7, 2 ** 53 - 1]
      await s.createTrial(st.name, {
        params: { z: awkward[0]!, a: awkward[2]!, m: 'ü "quoted" \\ \n' },
        seed: 2 ** 40 + 3,
        strategy: 'random',
        uniqueKey: 'k ü',
      })
      await s.reportIntermediate(st.name, 0, 0, awkward[1]!, { zeta: awkward[3]!, alpha: 1 })
      await s.reportIntermediate(st.name, 0, 1, awkward[4]!, { beta: 2, zeta: 3 })
      const done = await s.finishTrial(st.name, 0, { state: 'complete', value: awkward[5]!, metrics: { alpha: 0.5, gamma: awkward[2]! } })
      expect(Object.keys(done.params)).toEqual(['z', 'a', 'm'])
      expect(done.params).toEqual({ z: awkward[0], a: awkward[2], m: 'ü "quoted" \\ \n' })
      expect(done.seed).toBe(2 ** 40 + 3)
      expect(done.value).toBe(awkward[5])
      expect(Object.entries(done.metrics)).toEqual([
        ['zeta', 3],
        ['alpha', 0.5],
        ['beta', 2],
        ['gamma', 5e-324],
      ])
      expect(done.intermediate).toEqual([
        { step: 0, value: 1e-300 },
        { step: 1, value: awkward[4] },
      ])
      const again = await open()
      expect((await again.getTrials(st.name))[0]).toStrictEqual(done)
      expect(Object.keys((await again.getStudy(st.name))!.space.parameters)).toEqual(['z', 'a'])
    })
  })

  describe('schema', () => {
    it('records its version in tunekit_migrations, and opens an existing store without migrating again', async () => {
      await open()
      await open()
      const rows = await sql<{ version: number }>(db.url(), 'SELECT version FROM tunekit_migrations ORDER BY version')
      expect(rows.map((r) => r.version)).toEqual([...Array(SCHEMA_VERSION).keys()].map((i) => i + 1))
    })

    it('creates the schema once when many workers open a fresh database at once', async () => {
      const fresh = await createTestDatabase()
      try {
        const stores = await Promise.all(Array.from({ length: 6 }, () => openStorage(fresh.url)))
        await stores[0]!.createStudy(study())
        for (const s of stores) await s.close()
        expect(await sql(fresh.url, 'SELECT version FROM tunekit_migrations')).toHaveLength(SCHEMA_VERSION)
      } finally {
        await fresh.drop()
      }
    })

    it('migrates a database made by schema version 1 (single-objective trials) to value lists, its trials read as before', async () => {
      const old = await createTestDatabase()
      try {
        // The database exactly as version 1 left it, with a study and a finished trial written the way it wrote them.
        await sql(
          old.url,
          `CREATE TABLE tunekit_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        )
        for (const statement of MIGRATIONS[0]!.statements) await sql(old.url, statement)
        await sql(old.url, `INSERT INTO tunekit_migrations (version, description) VALUES (1, 'v1')`)
        const st = study()
        await sql(old.url, 'INSERT INTO tunekit_studies (name, record, next_number) VALUES ($1, $2::json, 1)', [st.name, JSON.stringify(st)])
        await sql(
          old.url,
          `INSERT INTO tunekit_trials (study_id, number, state, params, value, metrics, finished_at, seed, strategy)
           SELECT id, 0, 'complete', '{"x":0.5}', 0.25, '{"loss":0.25}', now(), 7, 'random' FROM tunekit_studies`,
        )
        const reader = await openStorage(old.url, { readonly: true })
        expect((await reader.getTrials(st.name))[0]).toMatchObject({ number: 0, value: 0.25, params: { x: 0.5 } })
        await reader.close()
        const s = await openStorage(old.url)
        const [t0] = await s.getTrials(st.name)
        expect(t0).toMatchObject({ number: 0, state: 'complete', value: 0.25, metrics: { loss: 0.25 } })
        expect('values' in t0! || 'constraints' in t0!).toBe(false)
        const multi = study({ directions: ['minimize', 'maximize'], metrics: ['loss', 'acc'] })
        await s.createStudy(multi)
        await s.createTrial(multi.name, init(1))
        const done = await s.finishTrial(multi.name, 0, { state: 'complete', value: 1, values: [1, 2], constraints: [-1] })
        expect(done).toMatchObject({ values: [1, 2], constraints: [-1] })
        await s.close()
        const rows = await sql<{ version: number }>(old.url, 'SELECT version FROM tunekit_migrations ORDER BY version')
        expect(rows.map((r) => r.version)).toEqual([...Array(SCHEMA_VERSION).keys()].map((i) => i + 1))
      } finally {
        await old.drop()
      }
    })

    it('reads a database tunekit never wrote as empty, without creating anything; refuses a newer schema', async () => {
      const fresh = await createTestDatabase()
      try {
        const r = await openStorage(fresh.url, { readonly: true })
        expect(await r.listStudies()).toEqual([])
        expect(await r.getStudy('x')).toBeUndefined()
        expect((await rejection(r.getTrials('x'))).code).toBe('STUDY_NOT_FOUND')
        await r.close()
        expect(await sql(fresh.url, `SELECT to_regclass('tunekit_migrations') IS NULL AS none`)).toEqual([{ none: true }])
        await (await openStorage(fresh.url)).close()
        await sql(fresh.url, `INSERT INTO tunekit_migrations (version, description) VALUES (99, 'from the future')`)
        for (const readonly of [false, true]) {
          const e = await rejection(openStorage(fresh.url, { readonly }))
          expect(e.code).toBe('STORE_UNREADABLE')
          expect(e.message).toMatch(/version 99.*newer tunekit/)
        }
      } finally {
        await fresh.drop()
      }
    })
  })

  describe('errors', () => {
    const base = new URL(PG_URL ?? 'postgres://x@127.0.0.1:5432/postgres')
    const cases: [string, string, RegExp][] = [
      ['a URL without a database', `postgres://${base.username}@${base.host}`, /names no database/],
      ['a URL with a bad port', `postgres://${base.username}@${base.hostname}:notaport/db`, /not a valid PostgreSQL URL/],
      [
        'a refused connection',
        `postgres://${base.username}:secret@127.0.0.1:1/test`,
        /127\.0\.0\.1:1\/test: connection refused; check that the server is running/,
      ],
      [
        'a missing database',
        withDatabase(PG_URL ?? 'postgres://x@127.0.0.1:5432/x', 'tunekit_no_such_db'),
        /:\d+\/tunekit_no_such_db: database "tunekit_no_such_db" does not exist/,
      ],
      [
        'an unknown user',
        `postgres://tunekit_no_such_user:pw@${base.host}/postgres`,
        /authentication failed for user "tunekit_no_such_user".*check the user and password/,
      ],
      ['an unknown host', 'postgres://u@no-such-host.invalid:5432/db', /host "no-such-host.invalid" not found/],
    ]
    for (const [what, url, message] of cases) {
      it(`says in one line what is wrong with ${what}, at once (STORE_UNREADABLE, exit 2)`, async () => {
        const started = Date.now()
        const e = await rejection(openStorage(url))
        expect(Date.now() - started).toBeLessThan(4000)
        expect(e.code).toBe('STORE_UNREADABLE')
        expect(e.exitCode).toBe(2)
        expect(e.message).toMatch(message)
        expect(e.message).not.toContain('\n')
        expect(e.message).not.toMatch(/secret|:pw@/)
      })
    }
  })

  describe('connections', () => {
    it('carries on when the server closes its connections (the next call opens a new one, once)', async () => {
      const s = await open()
      const st = study()
      await s.createStudy(st)
      await s.createTrial(st.name, init(0))
      const database = new URL(db.url()).pathname.slice(1)
      await sql(
        PG_URL!,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tunekit' AND pid <> pg_backend_pid()`,
        [database],
      )
      await new Promise((r) => setTimeout(r, 100))
      expect((await s.createTrial(st.name, init(1))).number).toBe(1)
      expect((await s.getTrials(st.name)).map((t) => t.number)).toEqual([0, 1])
    })

    it('says what to grant when the user may not create the tables (PostgreSQL 15 revokes CREATE on public)', async () => {
      const fresh = await createTestDatabase()
      const role = `${fresh.name}_user`
      try {
        await sql(PG_URL!, `CREATE ROLE ${role} LOGIN`)
        const u = new URL(fresh.url)
        u.username = role
        u.password = ''
        const e = await rejection(openStorage(u.toString()))
        expect(e.code).toBe('STORE_UNREADABLE')
        expect(e.message).toMatch(/permission denied .*grant the user CREATE/)
        // A reader needs no more than to connect.
        const r = await openStorage(u.toString(), { readonly: true })
        expect(await r.listStudies()).toEqual([])
        await r.close()
      } finally {
        await fresh.drop()
        await sql(PG_URL!, `DROP ROLE IF EXISTS ${role}`)
      }
    })
  })

  describe('through the public API', () => {
    it('runs a study on a PostgreSQL URL, and a read-only reader (as reports use) sees it all', async () => {
      const name = `api-${counter++}`
      const s = await createStudy({ name, space: { parameters: { x: { type: 'float', low: -1, high: 1 } } }, storage: db.url() })
      await s.optimize((p) => (p.x as number) ** 2, { trials: 20, parallel: 3 })
      await s.enqueue({ x: 0.5 })
      const queued = await s.ask()
      expect(queued.params).toEqual({ x: 0.5 })
      await s.tell(queued, 0.25)
      await s.close()
      const reader = await open({ readonly: true })
      const trials = await reader.getTrials(name)
      expect(trials).toHaveLength(21)
      expect(trials.every((t) => t.state === 'complete')).toBe(true)
      expect((await rejection(reader.createTrial(name, init(0)))).code).toBe('STORE_READONLY')
    })
  })
})
