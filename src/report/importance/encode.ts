import type { ParamSpec, ParamValue } from '../../space/types.js'

/**
 * How one parameter's values become points of a small discrete domain on which densities are compared:
 * numeric parameters on 50 cells of their unit interval (in log space for log parameters), categorical
 * ones on their choices. Inactive (absent) values are left out by the caller.
 */
export type Encoding =
  | { readonly kind: 'numeric'; readonly cells: number; readonly toUnit: (v: ParamValue) => number }
  | { readonly kind: 'categorical'; readonly cells: number; readonly index: (v: ParamValue) => number }

/** Cells of a numeric axis: fine enough for a peak a tenth of the range wide, coarse enough for 100 points. */
export const NUMERIC_CELLS = 50

/**
 * The encoding of a parameter from its spec; a parameter missing from the space (or a spec whose bounds do not fit
 * the values seen) falls back to what the values show: numbers on their observed range, anything else as categories.
 */
export function encodeParam(spec: ParamSpec | undefined, values: readonly ParamValue[]): Encoding | undefined {
  if (spec?.type === 'constant') return undefined
  if (spec?.type === 'categorical') {
    const choices = [...spec.choices]
    for (const v of values) if (!choices.includes(v)) choices.push(v)
    return categorical(choices)
  }
  const numeric = values.every((v) => typeof v === 'number' && Number.isFinite(v))
  if (!numeric) return categorical([...new Set(values)])
  const nums = values as readonly number[]
  const log = (spec?.type === 'float' || spec?.type === 'int') && spec.log === true && nums.every((v) => v > 0)
  const t = log ? Math.log : (v: number) => v
  let lo = spec && 'low' in spec ? t(spec.low) : Infinity
  let hi = spec && 'high' in spec ? t(spec.high) : -Infinity
  for (const v of nums) {
    lo = Math.min(lo, t(v))
    hi = Math.max(hi, t(v))
  }
  if (!(hi > lo)) return values.length === 0 ? undefined : categorical([...new Set(values)])
  return { kind: 'numeric', cells: NUMERIC_CELLS, toUnit: (v) => (t(Number(v)) - lo) / (hi - lo) }
}

function categorical(choices: readonly ParamValue[]): Encoding | undefined {
  if (choices.length < 2) return undefined // one value cannot explain anything
  const at = new Map(choices.map((c, i) => [c, i]))
  return { kind: 'categorical', cells: choices.length, index: (v) => at.get(v) ?? 0 }
}
