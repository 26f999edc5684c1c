import { TunekitError } from '../errors.js'

/** Parses an integer flag; a bad value is a usage error naming the flag. */
export function intOption(v: unknown, flag: string, min: number): number {
  const n = Number(v)
  if (typeof v !== 'string' || !/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new TunekitError('USAGE', `${flag} must be an integer >= ${min}, not "${String(v)}"`)
  }
  return n
}

/** Parses a positive number flag (seconds, say). */
export function numberOption(v: unknown, flag: string): number {
  const n = Number(v)
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new TunekitError('USAGE', `${flag} must be a positive number, not "${String(v)}"`)
  return n
}
