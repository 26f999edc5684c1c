import type { PoolClient } from 'pg'
import { studyExists } from '../choose.js'
import type { StudyRecord, TrialRecord } from '../../trial/types.js'

/** A json field of a trial as SQL NULL when the record has null (or nothing) there. */
const orNull = (field: string): string => `CASE WHEN json_typeof(e->'${field}') IN ('object', 'array') THEN e->'${field}' END`

/**
 * Writes a whole study with its trials as they are (numbers, states, timestamps, workers: everything), in one
 * transaction: how `tunekit migrate` fills a PostgreSQL store. The trials travel as one json parameter and are
 * unpacked by the server, so that every json field keeps the exact text JSON.stringify gave it.
 * Refuses (and writes nothing) when the store already has a study of that name.
 */
export async function importStudy(client: PoolClient, study: StudyRecord, trials: readonly TrialRecord[], where: string): Promise<void> {
  const next = trials.reduce((n, t) => Math.max(n, t.number + 1), 0)
  await client.query('BEGIN')
  try {
    const made = await client.query<{ id: number }>(
      'INSERT INTO tunekit_studies (name, record, next_number) VALUES ($1, $2::json, $3) ON CONFLICT (name) DO NOTHING RETURNING id',
      [study.name, JSON.stringify(study), next],
    )
    const id = made.rows[0]?.id
    if (id === undefined) {
      throw studyExists(`PostgreSQL store ${where}`, study.name)
    }
    await client.query(
      `INSERT INTO tunekit_trials (study_id, number, state, params, value, "values", constraints, metrics, intermediate, started_at, finished_at,
         duration_ms, seed, strategy, error, unique_key, retry_of, worker, heartbeat_at)
       SELECT $1, (e->>'number')::integer, e->>'state', e->'params', (e->>'value')::double precision, ${orNull('values')}, ${orNull('constraints')},
         coalesce(${orNull('metrics')}, '{}'::json), coalesce(${orNull('intermediate')}, '[]'::json),
         (e->>'startedAt')::timestamptz, (e->>'finishedAt')::timestamptz, (e->>'durationMs')::double precision,
         (e->>'seed')::double precision, e->>'strategy', ${orNull('error')}, e->>'uniqueKey', (e->>'retryOf')::integer,
         e->>'worker', (e->>'heartbeatAt')::timestamptz
       FROM json_array_elements($2::json) AS e`,
      [id, JSON.stringify(trials)],
    )
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {})
    throw e
  }
}
