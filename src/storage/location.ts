import { resolve } from 'node:path'

/** Store locations: ":memory:", a database URL, or a path to a lowdb JSON file. Every rule about them is here. */

/** The location of the in-process store. */
export const MEMORY = ':memory:'

/** Whether a store location is a URL (a database) rather than a file path. */
export function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location)
}

/** Whether a location names a PostgreSQL database. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location)
}

/** Whether two locations name the same store (files by their resolved paths, URLs as written, passwords aside). */
export function sameStore(a: string, b: string): boolean {
  if (isUrl(a) || isUrl(b)) return redact(a) === redact(b)
  return resolve(a) === resolve(b)
}

/**
 * A location as it may be shown (messages, reports, stored records, child environments): a URL without its password,
 * whatever characters the password holds (`/`, `@`, `?`, `#`, percent escapes) and wherever it is given (the user-info
 * part or a `password=` query parameter).
 */
export function redact(location: string): string {
  if (!isUrl(location)) return location
  // The user-info ends at the last '@': a password written as is may hold '@', '/', '?' or '#'. An '@' later in the
  // URL (a query value) makes more of it hidden, never less.
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(location)?.[0] ?? ''
  const rest = location.slice(scheme.length)
  const at = rest.lastIndexOf('@')
  let shown = rest
  if (at >= 0) {
    const userInfo = rest.slice(0, at)
    const colon = userInfo.indexOf(':')
    shown = `${colon >= 0 ? `${userInfo.slice(0, colon)}:***` : userInfo}@${rest.slice(at + 1)}`
  }
  return scheme + shown.replace(/([?&]password=)[^&#]*/gi, '$1***')
}
