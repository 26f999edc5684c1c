import type { PoolClient } from 'pg'
import { CHANGED, NOW } from './rows.js'

/** Running trials whose last heartbeat (by the server's clock) is older than the grace period. */
const LOST = `state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $2))`

/** Whether the study has a lost trial: one cheap read (partial index on running trials) before the transaction. */
export const HAS_LOST = `SELECT 1 FROM tunekit_trials WHERE study_id = $1 AND ${LOST} LIMIT 1`

/**
 * In one transaction: fails every lost trial as "worker lost" (releasing its unique key), and re-enqueues each as a
 * waiting trial that retries it (holding the key again, so that nobody else takes the cell meanwhile) while its
 * chain of retries is shorter than `retryFailed`. Two workers doing this at once fail each trial once: the study
 * row lock, taken first, serialises them, and the second finds nothing running left. Taking it first also keeps the
 * lock order of createTrial (study row, then a key another transaction may be releasing), so the two never deadlock.
 * Returns the failed numbers.
 */
export async function failLostTrials(client: PoolClient, studyId: number, graceSeconds: number, retryFailed: number): Promise<number[]> {
  await client.query('BEGIN')
  try {
    const s = await client.query('SELECT 1 FROM tunekit_studies WHERE id = $1 FOR UPDATE', [studyId])
    if (s.rows.length === 0) {
      await client.query('ROLLBACK')
      return []
    }
    const lost = await client.query<{ number: number; unique_key: string | null }>(
      `WITH lost AS (
         SELECT number, unique_key, worker FROM tunekit_trials WHERE study_id = $1 AND ${LOST} ORDER BY number FOR UPDATE
       )
       UPDATE tunekit_trials t SET state = 'fail', finished_at = ${NOW},
         duration_ms = extract(epoch FROM ${NOW} - t.started_at) * 1000,
         error = json_build_object('reason', 'worker lost', 'message',
           'no heartbeat from ' || coalesce(lost.worker, 'its worker') || ' for more than ' || $3 || ' s: the process running it is gone'),
         worker = NULL, heartbeat_at = NULL, unique_key = NULL, ${CHANGED}
       FROM lost WHERE t.study_id = $1 AND t.number = lost.number
       RETURNING t.number, lost.unique_key`,
      [studyId, graceSeconds, String(graceSeconds)],
    )
    const failed = lost.rows.map((r) => r.number).sort((a, b) => a - b)
    if (retryFailed > 0) {
      for (const row of [...lost.rows].sort((a, b) => a.number - b.number)) {
        if ((await retriesSoFar(client, studyId, row.number)) >= retryFailed) continue
        await client.query(
          `WITH s AS (
             UPDATE tunekit_studies SET next_number = next_number + 1 WHERE id = $1 RETURNING next_number - 1 AS number
           )
           INSERT INTO tunekit_trials (study_id, number, state, params, seed, strategy, unique_key, retry_of)
           SELECT $1, s.number, 'waiting', o.params, o.seed, o.strategy, $3, o.number
           FROM s, tunekit_trials o WHERE o.study_id = $1 AND o.number = $2`,
          [studyId, row.number, row.unique_key],
        )
      }
    }
    await client.query('COMMIT')
    return failed
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {})
    throw e
  }
}

/** How many retries precede this trial: the length of its retryOf chain back to the original. */
async function retriesSoFar(client: PoolClient, studyId: number, number: number): Promise<number> {
  const r = await client.query<{ retries: number }>(
    `WITH RECURSIVE chain (number, retry_of) AS (
       SELECT number, retry_of FROM tunekit_trials WHERE study_id = $1 AND number = $2
       UNION ALL
       SELECT t.number, t.retry_of FROM tunekit_trials t JOIN chain c ON t.study_id = $1 AND t.number = c.retry_of AND t.number < c.number
     )
     SELECT (count(*) - 1)::integer AS retries FROM chain`,
    [studyId, number],
  )
  return r.rows[0]?.retries ?? 0
}
