import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { ValidationError } from '../errors.js'

/** How much of an existing file is read to tell what it is: a store's or an experiment's first keys come early. */
const SNIFF_BYTES = 64 * 1024

/**
 * Refuses an `--out` that would overwrite something a report must never replace: a store (a lowdb file, its lock,
 * or one of the stores being read), an experiment file or a search-space file. Called before anything is read, so a
 * refused command has written nothing. Any other existing file (an older report, say) is overwritten as asked.
 */
export function checkOutFile(out: string, reading: readonly string[] = []): void {
  const path = resolve(out)
  if (reading.some((r) => resolve(r) === path)) throw refuse(out, 'is a store this command reads')
  let size: number
  try {
    const st = statSync(path)
    if (!st.isFile()) return // a folder or a device: the write says what is wrong
    size = st.size
  } catch {
    return // nothing there yet
  }
  if (path.endsWith('.lock')) throw refuse(out, "is a store's lock file")
  const kind = sniff(path, size)
  if (kind) throw refuse(out, `is ${kind}`)
}

/** What a JSON file is, from its first keys: a store, an experiment, a search space, or undefined (anything else). */
function sniff(path: string, size: number): string | undefined {
  const buffer = Buffer.alloc(Math.min(size, SNIFF_BYTES))
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    readSync(fd, buffer, 0, buffer.length, 0)
  } catch {
    return undefined // unreadable: the write will say so
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  const head = buffer.toString('utf8').replace(/^\uFEFF/, '')
  if (!/^\s*\{/.test(head)) return undefined
  let data: unknown
  if (buffer.length === size) {
    try {
      data = JSON.parse(head)
    } catch {
      data = undefined
    }
  }
  if (data !== undefined) {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined
    const keys = new Set(Object.keys(data))
    if (keys.has('studies') && keys.has('version')) return 'a tunekit store'
    if (keys.has('trainer') || (keys.has('name') && keys.has('space'))) return 'an experiment file'
    if (keys.has('parameters')) return 'a search-space file'
    return undefined
  }
  // Too large to parse whole (or not quite JSON): judge by the keys in its head. Our own JSON reports start with
  // "experiment" (report) or "direction" (compare), and may hold any of those keys deeper down.
  const first = /^\s*\{\s*"([^"]*)"/.exec(head)?.[1]
  if (first === 'experiment' || first === 'direction') return undefined
  if (/"studies"\s*:\s*\[/.test(head)) return 'a tunekit store'
  if (/"trainer"\s*:/.test(head)) return 'an experiment file'
  if (/"parameters"\s*:\s*\{/.test(head)) return 'a search-space file'
  return undefined
}

function refuse(out: string, what: string): ValidationError {
  return new ValidationError(
    'USAGE',
    `--out ${out}: ${what}; a report never overwrites a store, an experiment or a search space. Choose another file (e.g. report.html)`,
  )
}
