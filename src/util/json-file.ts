import { isUtf8 } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { FileError } from '../errors.js'
import { escapePointer } from './ajv-issues.js'

/**
 * Reads and parses a JSON file strictly; a missing file, invalid UTF-8, a syntax error, a repeated key or a number
 * out of range becomes a one-line TunekitError naming the file (and the byte offset or JSON path). A UTF-8 byte-order
 * mark is accepted (editors on Windows write one) and ignored.
 */
export function readJsonFile(file: string, what = 'file'): unknown {
  return parseJsonText(readTextFile(file, what), file)
}

/** Reads a UTF-8 text file (see decodeUtf8); a missing or unreadable file becomes a one-line TunekitError naming the file. */
export function readTextFile(file: string, what = 'file'): string {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (err.code === 'ENOENT') throw new FileError('FILE_NOT_FOUND', `${file}: no such ${what}; check the path`, { file, cause: e })
    if (err.code === 'EISDIR') throw new FileError('FILE_NOT_FOUND', `${file}: is a directory, not a ${what}`, { file, cause: e })
    throw new FileError('FILE_NOT_FOUND', `${file}: cannot read (${err.code ?? err.message})`, { file, cause: e })
  }
  return decodeUtf8(bytes, file)
}

/** The text of a file's bytes: refuses invalid UTF-8 with the offset of its first bad byte, drops a leading BOM. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes)
    throw new FileError('NOT_JSON', `${file}: not valid UTF-8 (bad byte 0x${hex(bytes[at] ?? 0)} at byte offset ${at}); save the file as UTF-8`, { file })
  }
  const text = bytes.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * Parses JSON text strictly: a syntax error names the line and column; a key repeated in one object (JSON.parse keeps
 * the last silently) and a number that is not a finite double (1e400 would become Infinity) name the JSON path.
 */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (e) {
    const where = describeJsonError(body, (e as Error).message)
    throw new FileError('NOT_JSON', `${file}: not valid JSON (${where}); fix the syntax`, { file, cause: e })
  }
  const problem = strictProblem(body)
  if (problem) throw new FileError('NOT_JSON', `${file}: ${problem.summary}`, { file, issues: [{ path: problem.path, message: problem.message }] })
  return value
}

interface Frame {
  readonly keys: Set<string> | undefined // an object's keys so far; undefined for an array
  key: string | undefined // the object key whose value comes next, or the array index
  index: number
}

/**
 * One linear pass over text that JSON.parse accepted: the first repeated key or non-finite number, with its path.
 * Strings are skipped with indexOf, so a file of millions of short values takes well under a second.
 */
function strictProblem(text: string): { path: string; summary: string; message: string } | undefined {
  const stack: Frame[] = []
  const pathOf = (extra?: string): string => {
    let p = ''
    for (const f of stack) {
      if (f.keys && f.key === undefined) continue
      p += `/${f.keys ? escapePointer(f.key!) : String(f.index)}`
    }
    return extra === undefined ? p : `${p}/${escapePointer(extra)}`
  }
  const n = text.length
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x22 /* " */) {
      const start = i
      let j = i + 1
      for (;;) {
        const q = text.indexOf('"', j)
        let backslashes = 0
        for (let k = q - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++
        j = q + 1
        if (backslashes % 2 === 0) break
      }
      i = j
      const top = stack[stack.length - 1]
      if (top?.keys && top.key === undefined) {
        const raw = text.slice(start + 1, j - 1)
        const key = raw.includes('\\') ? (JSON.parse(text.slice(start, j)) as string) : raw
        if (top.keys.has(key)) {
          const at = lineColumn(text, start)
          return {
            path: pathOf(key),
            summary: `key "${key}" appears twice in one object (again at line ${at.line}, column ${at.column})`,
            message: `duplicate key "${key}"; JSON keeps only the last one silently, so remove one of them`,
          }
        }
        top.keys.add(key)
        top.key = key
      }
      continue
    }
    if (c === 0x7b /* { */) stack.push({ keys: new Set(), key: undefined, index: 0 })
    else if (c === 0x5b /* [ */) stack.push({ keys: undefined, key: undefined, index: 0 })
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop()
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1]!
      if (top.keys) top.key = undefined
      else top.index++
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1
      while (j < n && /[0-9eE+\-.]/.test(text[j]!)) j++
      const token = text.slice(i, j)
      if (!Number.isFinite(Number(token))) {
        const at = lineColumn(text, i)
        return {
          path: pathOf(),
          summary: `the number ${token} at line ${at.line}, column ${at.column} is out of range (it would be ${Number(token)})`,
          message: `${token} is out of range; numbers must be finite (at most about 1.8e308)`,
        }
      }
      i = j
      continue
    }
    i++
  }
  return undefined
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1
  let last = -1
  for (let k = text.indexOf('\n'); k !== -1 && k < pos; k = text.indexOf('\n', k + 1)) {
    line++
    last = k
  }
  return { line, column: pos - last }
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (a stray or a truncated one). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0
  while (i < b.length) {
    const c = b[i]!
    const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0
    if (len === 0) return i
    if (len > 1) {
      const second = b[i + 1]
      const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80
      const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf
      if (second === undefined || second < lo || second > hi) return i
      for (let k = 2; k < len; k++) {
        const x = b[i + k]
        if (x === undefined || x < 0x80 || x > 0xbf) return i
      }
    }
    i += len
  }
  return i
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0')
}

function describeJsonError(text: string, message: string): string {
  const m = /position (\d+)/.exec(message)
  if (text.trim() === '') return 'the file is empty'
  if (!m) return message.replace(/^JSON\.parse: /, '')
  const pos = Number(m[1])
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  const column = pos - before.lastIndexOf('\n')
  return `${message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected')} at line ${line}, column ${column}`
}
