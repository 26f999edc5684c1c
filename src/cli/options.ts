import { ValidationError } from '../errors.js'

/** Parses an integer flag; a bad value is a usage error naming the flag. */
export function intOption(v: unknown, flag: string, min: number): number {
  const n = Number(v)
  if (typeof v !== 'string' || !/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new ValidationError('USAGE', `${flag} must be an integer >= ${min}, not "${String(v)}"`)
  }
  return n
}
