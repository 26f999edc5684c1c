import { resolve } from 'node:path'

/** Store locations: ":memory:", a database URL, or a path to a lowdb JSON file. Every rule about them is here. */

/** The location of the in-process store. */
export const MEMORY = ':memory:'

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/** Whether a store location is a URL (a database) rather than a file path. */
export function isUrl(location: string): boolean {
  return SCHEME.test(location)
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

/** A URL cut into its parts as written: the user-info (user and password, undefined without '@') and the rest. */
interface UrlParts {
  readonly scheme: string
  readonly user: string | undefined
  readonly password: string | undefined
  /** host[:port]/path?query#fragment */
  readonly rest: string
}

/**
 * What follows the user-info: host[:port] (a bracketed IPv6 host, or none for a Unix socket given as ?host=) and
 * then "/", a query or the end. A password written as is may hold '@', '/', '?' or '#', so the user-info ends at the
 * last '@' after which such a host follows, not at the first '/' as the URL standard has it.
 */
const AFTER_USER_INFO = /^(\[[^\]]*\]|[^/?#@:[\]]*)(:\d*)?([/?#]|$)/

function splitUrl(location: string): UrlParts {
  const scheme = SCHEME.exec(location)?.[0] ?? ''
  const body = location.slice(scheme.length)
  for (let at = body.lastIndexOf('@'); at >= 0; at = at === 0 ? -1 : body.lastIndexOf('@', at - 1)) {
    const rest = body.slice(at + 1)
    if (!AFTER_USER_INFO.test(rest)) continue
    const userInfo = body.slice(0, at)
    const colon = userInfo.indexOf(':')
    return {
      scheme,
      user: colon >= 0 ? userInfo.slice(0, colon) : userInfo,
      password: colon >= 0 ? userInfo.slice(colon + 1) : undefined,
      rest,
    }
  }
  return { scheme, user: undefined, password: undefined, rest: body }
}

/**
 * A location as it may be shown (messages, reports, stored records, child environments): a URL without its password,
 * whatever characters the password holds (`/`, `@`, `?`, `#`, percent escapes) and wherever it is given (the user-info
 * part or a `password=` query parameter).
 */
export function redact(location: string): string {
  if (!isUrl(location)) return location
  // The query's password first: written as is, it may hold an '@' that would end a user-info.
  const { scheme, user, password, rest } = splitUrl(location.replace(/([?&]password=)[^&#]*/gi, '$1***'))
  const userInfo = user === undefined ? '' : `${password === undefined ? user : `${user}:***`}@`
  return scheme + userInfo + rest
}

/**
 * Every URL in a text (an error message, a stack) with its password hidden: the last guard before anything is
 * printed. A URL runs to the next white space or quote.
 */
export function redactText(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]+/gi, (url) => redact(url))
}

/**
 * A URL whose user and password are percent-encoded, so that a standard URL parser (the pg driver's) reads them as
 * written even when the password holds '/', '@', '?' or '#'. Escapes already in the user-info are kept.
 */
export function normaliseUrl(location: string): string {
  const { scheme, user, password, rest } = splitUrl(location)
  if (user === undefined) return location
  const enc = (s: string): string => encodeURIComponent(safeDecode(s))
  return `${scheme}${enc(user)}${password === undefined ? '' : `:${enc(password)}`}@${rest}`
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s // a lone '%': written as is
  }
}
