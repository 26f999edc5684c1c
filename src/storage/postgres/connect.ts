import { Pool } from 'pg'
import { StoreError, type TunekitError } from '../../errors.js'
import { normaliseUrl, redact } from '../location.js'
import { firstLine } from '../../util/text.js'

/** A PostgreSQL store location, parsed: what to connect to and how to name it in messages (never the password). */
export interface PgLocation {
  /** The location with its user and password percent-encoded (handed to pg, which also reads sslmode and other URL options). */
  readonly url: string
  readonly host: string
  readonly port: number
  readonly database: string
  readonly user: string
  /** "host:port/database", for messages. */
  readonly where: string
}

/** How long to wait for a connection before saying so: a store that does not answer fails fast, never retries. */
export const CONNECT_TIMEOUT_MS = 5000

const USAGE = 'expected postgres://user[:password]@host[:port]/database'

/** Parses a postgres:// or postgresql:// URL; anything else is refused in one line. */
export function parsePgLocation(location: string): PgLocation {
  let url: URL
  const normalised = normaliseUrl(location)
  try {
    url = new URL(normalised)
  } catch {
    throw unreadable(`${redact(location)}: not a valid PostgreSQL URL (${USAGE})`)
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw unreadable(`${redact(location)}: not a PostgreSQL URL (${USAGE})`)
  // A Unix socket is named by ?host=/path, with nothing between // and /database.
  const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || ''
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (host === '') throw unreadable(`${redact(location)}: the URL names no host (${USAGE})`)
  if (database === '' || database.includes('/')) throw unreadable(`${redact(location)}: the URL names no database (${USAGE})`)
  const port = url.port === '' ? 5432 : Number(url.port)
  const user = decodeURIComponent(url.username) || process.env.PGUSER || process.env.USER || ''
  return { url: normalised, host, port, database, user, where: `${host}:${port}/${database}` }
}

/**
 * A small pool: one storage instance runs its store operations one after another (see PostgresStorage), so it
 * needs a connection for them and one or two for unordered reads. A read-only pool is read-only in the server too.
 */
export function createPool(loc: PgLocation, readonly: boolean): Pool {
  const pool = new Pool({
    connectionString: loc.url,
    max: 3,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'tunekit',
    // A server that vanishes (a partition, not a clean close) is noticed instead of a query hanging forever.
    keepAlive: true,
    ...(readonly ? { options: '-c default_transaction_read_only=on' } : {}),
  })
  // An idle connection the server drops (a restart) must not crash the process: the next query reports it.
  pool.on('error', () => {})
  return pool
}

interface PgErrorLike {
  readonly code?: unknown
  readonly message?: unknown
}

/** Turns a failure to reach or enter the server into one line that names the server and what to check. */
export function connectError(e: unknown, loc: PgLocation): TunekitError {
  const code = typeof (e as PgErrorLike).code === 'string' ? ((e as PgErrorLike).code as string) : ''
  const message = String((e as PgErrorLike).message ?? e)
  const at = `PostgreSQL store ${loc.where}`
  let why: string
  if (code === 'ECONNREFUSED') why = 'connection refused; check that the server is running and listens on that host and port'
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') why = `host "${loc.host}" not found; check the host name in the URL`
  else if (code === 'ETIMEDOUT' || /timeout/i.test(message))
    why = `no answer within ${CONNECT_TIMEOUT_MS / 1000} s; check the host, the port and any firewall between`
  else if (code === '3D000')
    why = `database "${loc.database}" does not exist; create it (createdb -h ${loc.host} -p ${loc.port} ${loc.database}) or fix the URL`
  else if (code === '28P01' || code === '28000')
    why =
      `authentication failed for user "${loc.user}" (${firstLine(message)}); check the user and password in the URL (or PGPASSWORD) and the ` +
      `server's pg_hba.conf`
  else if (code === '42501')
    why =
      `permission denied (${firstLine(message)}); the first writer creates tunekit's tables: grant the user CREATE on the database's public ` +
      `schema, or open the store once as a user who may`
  else if (code === '57P03') why = 'the server is starting up or shutting down; try again in a moment'
  else if (code === 'ECONNRESET' || code === '57P01' || code === '08006' || code === '08003')
    why = `the connection was lost (${firstLine(message)}); check that the server is still running`
  else why = `cannot use the store (${code ? `${code}: ` : ''}${firstLine(message)})`
  return unreadable(`${at}: ${why}`, e)
}

/** Whether an error means the connection (not the statement) failed: those become STORE_UNREADABLE. */
export function isConnectionFailure(e: unknown): boolean {
  const code = (e as PgErrorLike).code
  if (typeof code !== 'string') return /Connection terminated|timeout|ECONNRE/i.test(String((e as PgErrorLike).message ?? ''))
  return /^E[A-Z]+$/.test(code) || code.startsWith('08') || code.startsWith('57P') || code.startsWith('28') || code === '3D000'
}

function unreadable(message: string, cause?: unknown): TunekitError {
  return new StoreError('STORE_UNREADABLE', message, cause === undefined ? {} : { cause })
}
