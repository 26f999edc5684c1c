import { readFileSync } from 'node:fs'
import { FileError } from '../errors.js'

/** Reads and parses a JSON file; a missing file or a syntax error becomes a one-line TunekitError naming the file. */
export function readJsonFile(file: string, what = 'file'): unknown {
  return parseJsonText(readTextFile(file, what), file)
}

/** Reads a text file; a missing or unreadable file becomes a one-line TunekitError naming the file. */
export function readTextFile(file: string, what = 'file'): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (err.code === 'ENOENT') throw new FileError('FILE_NOT_FOUND', `${file}: no such ${what}; check the path`, { file, cause: e })
    if (err.code === 'EISDIR') throw new FileError('FILE_NOT_FOUND', `${file}: is a directory, not a ${what}`, { file, cause: e })
    throw new FileError('FILE_NOT_FOUND', `${file}: cannot read (${err.code ?? err.message})`, { file, cause: e })
  }
}

/** Parses JSON text; a syntax error names the file, line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    const where = describeJsonError(text, (e as Error).message)
    throw new FileError('NOT_JSON', `${file}: not valid JSON (${where}); fix the syntax`, { file, cause: e })
  }
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
