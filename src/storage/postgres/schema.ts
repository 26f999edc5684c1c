import type { PoolClient } from 'pg'
import { StoreError } from '../../errors.js'

/**
 * The schema of a PostgreSQL store, as numbered migrations recorded in `tunekit_migrations`.
 * A writer applies the missing ones when it opens the store (under an advisory lock, so that workers starting
 * together do not race); a reader never changes the schema. A store written by a newer tunekit is refused.
 *
 * Tables:
 *   tunekit_studies  one row per study: the StudyRecord as `json` (not jsonb: jsonb reorders keys, and the order of a
 *                    space's parameters matters) and `next_number`, the trial counter.
 *   tunekit_trials   one row per trial, keyed (study_id, number). Params, metrics, intermediate values and the error
 *                    are `json` columns, kept as the exact text JSON.stringify wrote, so numbers and key order survive.
 *                    `changed_by` is the transaction id of the row's last change (see cache.ts for incremental reads).
 *                    `values` (a json list, multi-objective trials) and `constraints` (a json list) since version 2.
 * Indexes: (study_id, unique_key) unique where a key is set (a grid cell is run once); (study_id, changed_by) for
 * incremental reads; partial indexes over waiting and running trials for claims and stale checks.
 */
export interface Migration {
  readonly version: number
  readonly description: string
  readonly statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'studies, trials, indexes by study, json helpers',
    statements: [
      `CREATE TABLE tunekit_studies (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL UNIQUE,
        record json NOT NULL,
        next_number integer NOT NULL DEFAULT 0
      )`,
      // Seeds and durations are double precision: any JS number survives, where bigint would come back as a string.
      `CREATE TABLE tunekit_trials (
        study_id integer NOT NULL REFERENCES tunekit_studies (id) ON DELETE CASCADE,
        number integer NOT NULL,
        changed_by xid8 NOT NULL DEFAULT pg_current_xact_id(),
        state text NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'fail')),
        params json NOT NULL,
        value double precision,
        metrics json NOT NULL DEFAULT '{}',
        intermediate json NOT NULL DEFAULT '[]',
        started_at timestamptz,
        finished_at timestamptz,
        duration_ms double precision,
        seed double precision NOT NULL,
        strategy text NOT NULL,
        error json,
        unique_key text,
        retry_of integer,
        worker text,
        heartbeat_at timestamptz,
        PRIMARY KEY (study_id, number)
      )`,
      `CREATE UNIQUE INDEX tunekit_trials_unique_key ON tunekit_trials (study_id, unique_key) WHERE unique_key IS NOT NULL`,
      `CREATE INDEX tunekit_trials_changes ON tunekit_trials (study_id, changed_by)`,
      `CREATE INDEX tunekit_trials_waiting ON tunekit_trials (study_id, number) WHERE state = 'waiting'`,
      `CREATE INDEX tunekit_trials_running ON tunekit_trials (study_id, heartbeat_at) WHERE state = 'running'`,
      // { ...a, ...b } on json objects, keeping a's key order and appending b's new keys (jsonb || would sort them).
      `CREATE FUNCTION tunekit_merge_json(a json, b json) RETURNS json LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(json_object_agg(m.k, m.v ORDER BY m.o), '{}'::json) FROM (
          SELECT e.k, coalesce(n.v, e.v) AS v, e.o::numeric AS o
            FROM json_each(a) WITH ORDINALITY AS e(k, v, o) LEFT JOIN json_each(b) AS n(k, v) ON n.k = e.k
          UNION ALL
          SELECT n.k, n.v, 1e15 + n.o FROM json_each(b) WITH ORDINALITY AS n(k, v, o)
            WHERE NOT EXISTS (SELECT 1 FROM json_each(a) AS x(k, v) WHERE x.k = n.k)
        ) AS m
      $$`,
      // [...steps.filter((x) => x.step !== step), entry]: a repeated step replaces the earlier one, order kept.
      `CREATE FUNCTION tunekit_put_step(steps json, step double precision, entry json) RETURNS json LANGUAGE sql IMMUTABLE AS $$
        SELECT json_agg(x.e ORDER BY x.o) FROM (
          SELECT e, o::numeric AS o FROM json_array_elements(steps) WITH ORDINALITY AS s(e, o) WHERE (e->>'step')::double precision IS DISTINCT FROM step
          UNION ALL
          SELECT entry, 1e15
        ) AS x
      $$`,
    ],
  },
  {
    version: 2,
    description: 'objective values and constraint values per trial (multi-objective studies, constraints)',
    // Nullable, no default: existing rows (single-objective trials) read exactly as before.
    statements: ['ALTER TABLE tunekit_trials ADD COLUMN "values" json, ADD COLUMN constraints json'],
  },
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

/** Any constant: the key of the advisory lock that serialises schema changes across processes. */
const MIGRATION_LOCK = 7_361_042_118

/** Brings the schema up to date (writers only). Returns the version found before. */
export async function ensureSchema(client: PoolClient, where: string): Promise<number> {
  const found = await schemaVersion(client)
  checkNotNewer(found, where)
  if (found === SCHEMA_VERSION) return found
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS tunekit_migrations (
      version integer PRIMARY KEY,
      description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    // Another process may have migrated while we waited for the lock.
    const current = await schemaVersion(client)
    for (const m of MIGRATIONS) {
      if (m.version <= (current ?? 0)) continue
      for (const sql of m.statements) await client.query(sql)
      await client.query('INSERT INTO tunekit_migrations (version, description) VALUES ($1, $2)', [m.version, m.description])
    }
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {})
    throw e
  }
  return found ?? 0
}

/** The schema version of the store; undefined when tunekit never wrote to this database. */
export async function schemaVersion(client: PoolClient): Promise<number | undefined> {
  const r = await client.query<{ exists: boolean }>(`SELECT to_regclass('tunekit_migrations') IS NOT NULL AS exists`)
  if (!r.rows[0]?.exists) return undefined
  const v = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM tunekit_migrations')
  return v.rows[0]?.version ?? undefined
}

export function checkNotNewer(found: number | undefined, where: string): void {
  if (found !== undefined && found > SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_UNREADABLE',
      `PostgreSQL store ${where}: its schema is version ${found}, written by a newer tunekit (this one knows up to ${SCHEMA_VERSION}); upgrade tunekit`,
    )
  }
}
