/**
 * PostgreSQL for tests: the server named by TUNEKIT_TEST_PG_URL (a URL to any database on it that the user may
 * connect to). Each test file makes its own throwaway database on that server and drops it afterwards, so that test
 * files running in parallel never see each other's studies.
 */
import { randomBytes } from 'node:crypto'
import { Client, escapeIdentifier } from 'pg'
import { afterAll, beforeAll } from 'vitest'

/** The server to test against, or undefined (the PostgreSQL tests are then skipped). */
export const PG_URL = process.env.TUNEKIT_TEST_PG_URL || undefined

/** Says once, per test file, why its PostgreSQL tests are skipped; in CI they must run, so there it fails instead. */
export function explainSkip(file: string): void {
  if (!PG_URL && process.env.CI)
    throw new Error(`${file}: TUNEKIT_TEST_PG_URL is not set, but in CI the PostgreSQL tests must run (.ci/run starts the server and sets it)`)
  if (!PG_URL) console.log(`${file}: PostgreSQL tests skipped: set TUNEKIT_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run them`)
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  if (!PG_URL) throw new Error('TUNEKIT_TEST_PG_URL is not set')
  const name = `tunekit_test_${randomBytes(6).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE ${escapeIdentifier(name)}`))
  return {
    url: withDatabase(PG_URL, name),
    name,
    // FORCE: a test that failed may have left a connection open.
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`)).then(() => {}),
  }
}

/** A throwaway database for the calling test file (created before its tests, dropped after); url() gives its URL. */
export function useTestDatabase(): { url: () => string } {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined
  beforeAll(async () => {
    if (PG_URL) db = await createTestDatabase()
  })
  afterAll(async () => {
    await db?.drop()
  })
  return {
    url: () => {
      if (!db) throw new Error('no test database (is TUNEKIT_TEST_PG_URL set?)')
      return db.url
    },
  }
}

/** Runs SQL on a test database directly (to age a heartbeat, say): the tests' only way around the store. */
export async function sql<R = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await c.connect()
  try {
    return (await c.query(text, values)).rows as R[]
  } finally {
    await c.end()
  }
}
