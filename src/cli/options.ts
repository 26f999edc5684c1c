import { ValidationError } from '../errors.js'

/** The bounds of the flags that override an experiment file: the same as its schema's (a test keeps them equal). */
export const LIMITS = {
  parallel: 256,
  trials: 100_000_000,
  seed: 4_294_967_295,
} as const

/** Parses an integer flag; a bad value is a usage error naming the flag and its range. */
export function intOption(v: unknown, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v)
  if (typeof v !== 'string' || !/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`
    throw new ValidationError('USAGE', `${flag} must be an integer ${range}, not "${String(v)}"`)
  }
  return n
}

/**
 * The arguments with `--flag -3` written as `--flag=-3` for flags that take a value, so that a negative number is
 * the flag's value (and gets the flag's own message) rather than node:util's "argument is ambiguous".
 */
export function joinNegativeValues(args: readonly string[], takesValue: (name: string) => boolean): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const next = args[i + 1]
    if (/^--[^=]+$/.test(a) && takesValue(a.slice(2)) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`)
      i++
    } else out.push(a)
  }
  return out
}
