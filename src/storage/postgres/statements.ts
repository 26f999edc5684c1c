import { CHANGED, NOW, trialColumns } from './rows.js'

// The statements of PostgresStorage: constants, so that each is prepared once per connection.

/**
 * createTrial: $1 study id, $2 state, $3 params, $4 seed, $5 strategy, $6 unique key, $7 retryOf, $8 worker.
 * The number comes from the study's counter row, updated in the same statement: its row lock, held until commit, is
 * what makes numbers dense and never reused across workers. A unique-key conflict rolls the counter back too.
 */
export const CREATE_TRIAL = `WITH s AS (
    UPDATE tunekit_studies SET next_number = next_number + 1 WHERE id = $1 RETURNING next_number - 1 AS number
  )
  INSERT INTO tunekit_trials AS t (study_id, number, state, params, seed, strategy, unique_key, retry_of, started_at, worker, heartbeat_at)
  SELECT $1, s.number, $2::text, $3::json, $4, $5, $6, $7,
    CASE WHEN $2::text = 'running' THEN ${NOW} END, CASE WHEN $2::text = 'running' THEN $8::text END, CASE WHEN $2::text = 'running' THEN ${NOW} END
  FROM s
  RETURNING ${trialColumns('t')}`

/** claimWaiting: $1 study id, $2 worker. The oldest waiting trial no other transaction is claiming (SKIP LOCKED). */
export const CLAIM_WAITING = `WITH pick AS (
    SELECT number FROM tunekit_trials WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED
  )
  UPDATE tunekit_trials t SET state = 'running', started_at = ${NOW}, worker = $2, heartbeat_at = ${NOW}, ${CHANGED}
  FROM pick WHERE t.study_id = $1 AND t.number = pick.number
  RETURNING ${trialColumns('t')}`

/** reportIntermediate: $1 study id, $2 number, $3 step, $4 the {step, value} entry, $5 metrics to merge (or null). */
export const REPORT_STEP = `UPDATE tunekit_trials t SET intermediate = tunekit_put_step(t.intermediate, $3, $4::json),
    metrics = CASE WHEN $5::json IS NULL THEN t.metrics ELSE tunekit_merge_json(t.metrics, $5::json) END, ${CHANGED}
  WHERE t.study_id = $1 AND t.number = $2 AND t.state = 'running'
  RETURNING t.number`

/**
 * finishTrial: $1 study id, $2 number, $3 the states it may leave, $4 state, $5 value, $6 metrics to merge, $7 error,
 * $8 whether it gives its unique key back, $9 the objective values (json list, multi-objective) or null, $10 the
 * constraint values or null. Matches no row when the trial is unknown or its state forbids the change.
 */
export const FINISH_TRIAL = `UPDATE tunekit_trials t SET state = $4, value = $5, "values" = $9::json, constraints = $10::json,
    metrics = CASE WHEN $6::json IS NULL THEN t.metrics ELSE tunekit_merge_json(t.metrics, $6::json) END,
    finished_at = ${NOW}, duration_ms = extract(epoch FROM ${NOW} - t.started_at) * 1000, error = $7::json,
    worker = NULL, heartbeat_at = NULL, unique_key = CASE WHEN $8::boolean THEN NULL ELSE t.unique_key END, ${CHANGED}
  WHERE t.study_id = $1 AND t.number = $2 AND t.state = ANY($3::text[])
  RETURNING ${trialColumns('t')}`

/** heartbeat: $1 study id, $2 numbers. Only running trials; the server's clock, so that skewed machines agree. */
export const HEARTBEAT = `UPDATE tunekit_trials t SET heartbeat_at = ${NOW}, ${CHANGED}
  WHERE t.study_id = $1 AND t.number = ANY($2::integer[]) AND t.state = 'running' RETURNING t.number`
