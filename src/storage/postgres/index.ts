import type { Storage } from '../types.js'
import { PostgresStorage } from './storage.js'

export { PostgresStorage } from './storage.js'
export { parsePgLocation, type PgLocation } from './connect.js'
export { MIGRATIONS, SCHEMA_VERSION } from './schema.js'

/** Opens a PostgreSQL store by URL; loaded lazily by the storage registry, so pg costs nothing unless used. */
export function openPostgres(location: string, options: { readonly?: boolean; reconnectSeconds?: number } = {}): Promise<Storage> {
  return PostgresStorage.open(location, options)
}
