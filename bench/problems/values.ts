import type { Params, ParamValue } from '../../src/index.js'

/** An objective of the suite: minimised, reading its parameters by name from what an ask returns. */
export type ObjectiveFn = (p: Readonly<Params>) => number

export function num(p: Readonly<Params>, name: string): number {
  const v = p[name]
  if (typeof v !== 'number') throw new Error(`parameter "${name}" must be a number, got ${JSON.stringify(v)}`)
  return v
}

export function str(p: Readonly<Params>, name: string): string {
  const v = p[name]
  if (typeof v !== 'string') throw new Error(`parameter "${name}" must be a string, got ${JSON.stringify(v)}`)
  return v
}

/** The values of x1..xn, in order. */
export function vector(p: Readonly<Params>, n: number): number[] {
  return Array.from({ length: n }, (_, i) => num(p, `x${i + 1}`))
}

export function pick(table: Readonly<Record<string, number>>, key: string, what: string): number {
  const v = table[key]
  if (v === undefined) throw new Error(`unknown ${what} "${key}"`)
  return v
}

/** One row of a table keyed by choices, which may be numbers or booleans: `true` is not `1`, nor `"1"`. */
export type Entry = readonly [ParamValue, number]
/** One row of a pairwise interaction table; pairs not listed contribute 0. */
export type PairEntry = readonly [ParamValue, ParamValue, number]

/** Looks a choice up by its JSON value (strict equality), so that a boolean never matches a number. */
export function lookup(table: readonly Entry[], value: ParamValue | undefined, what: string): number {
  const row = table.find(([k]) => k === value)
  if (!row) throw new Error(`unknown ${what} ${JSON.stringify(value)}`)
  return row[1]
}

export function lookupPair(table: readonly PairEntry[], a: ParamValue | undefined, b: ParamValue | undefined): number {
  return table.find(([x, y]) => x === a && y === b)?.[2] ?? 0
}
