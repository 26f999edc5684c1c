import { fromUnit, toUnit } from '../../space/transform.js'
import type { Param, Params, SearchSpace } from '../../space/types.js'
import { sampleActive } from '../sample.js'

/** A numeric parameter as one coordinate of the CMA-ES vector, in the space's unit box. */
export interface NumericAxis {
  readonly param: Param & { readonly type: 'int' | 'float' }
  /**
   * For int and stepped axes: the ascending unit-box thresholds between consecutive values (what the margin
   * correction keeps the distribution from collapsing between); empty for a continuous axis.
   */
  readonly thresholds: Float64Array
}

export interface CategoricalAxis {
  readonly param: Param & { readonly type: 'categorical' }
  readonly k: number
}

/** How a space maps onto CMA-ES: numeric axes (CMA-ES proper) and categorical ones (learned choice probabilities). */
export interface Axes {
  readonly numeric: readonly NumericAxis[]
  readonly categorical: readonly CategoricalAxis[]
  /** Position of each parameter among `numeric` or among `categorical`, by name. */
  readonly index: ReadonlyMap<string, number>
}

export function axesOf(space: SearchSpace): Axes {
  const numeric: NumericAxis[] = []
  const categorical: CategoricalAxis[] = []
  for (const p of space.parameters) {
    if (p.type === 'categorical') categorical.push({ param: p, k: p.choices.length })
    else if (p.type === 'int' || p.type === 'float') numeric.push({ param: p, thresholds: thresholdsOf(p) })
  }
  const index = new Map<string, number>()
  for (const [i, a] of numeric.entries()) index.set(a.param.name, i)
  for (const [i, a] of categorical.entries()) index.set(a.param.name, i)
  return { numeric, categorical, index }
}

/** Bin edges of fromUnit's discretisation (space/transform.ts), so that a threshold is where the value changes. */
function thresholdsOf(p: Param & { readonly type: 'int' | 'float' }): Float64Array {
  if (p.type === 'float' && p.step === undefined) return new Float64Array(0)
  if (p.type === 'int' && p.log) {
    const lo = Math.log(p.low - 0.5)
    const hi = Math.log(p.high + 0.5)
    const out = new Float64Array(p.high - p.low)
    for (let v = p.low; v < p.high; v++) out[v - p.low] = (Math.log(v + 0.5) - lo) / (hi - lo)
    return out
  }
  const step = p.step ?? 1
  const n = p.type === 'int' ? Math.floor((p.high - p.low) / step) + 1 : Math.floor((p.high - p.low) / step + 1e-9) + 1
  const out = new Float64Array(Math.max(0, n - 1))
  for (let k = 1; k < n; k++) out[k - 1] = k / n
  return out
}

/** The parameters of a point: numeric coordinates (already discretised where needed) and choice indices. */
export function decode(space: SearchSpace, axes: Axes, xEval: ArrayLike<number>, choices: ArrayLike<number>): Params {
  return sampleActive(space, (p) => {
    if (p.type === 'categorical') return p.choices[choices[axes.index.get(p.name)!]!]!
    if (p.type === 'constant') return p.value
    return fromUnit(p, xEval[axes.index.get(p.name)!]!)
  })
}

/**
 * A trial the strategy cannot trace to one of its own samples (another strategy's, an enqueued one): its numeric
 * coordinates from its values, the mean for the parameters it does not have (so that they carry no signal).
 */
export function encodeForeign(axes: Axes, params: Params, mean: ArrayLike<number>): Float64Array {
  const x = new Float64Array(axes.numeric.length)
  axes.numeric.forEach((a, i) => {
    const v = params[a.param.name]
    x[i] = v === undefined ? mean[i]! : Math.min(1, Math.max(0, toUnit(a.param, v)))
  })
  return x
}

/** The start point of the first run: x0 (in parameter units) where given, else the centre of each axis. */
export function startPoint(axes: Axes, x0: Readonly<Record<string, number>> | undefined): Float64Array {
  return Float64Array.from(axes.numeric, (a) => {
    const v = x0?.[a.param.name]
    return v === undefined ? 0.5 : Math.min(1, Math.max(0, toUnit(a.param, v)))
  })
}
