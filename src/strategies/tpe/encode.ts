import { fromUnit, toUnit } from '../../space/transform.js'
import type { Param, Params, ParamValue, SearchSpace } from '../../space/types.js'

/**
 * Lattices with at most this many points (small ints, coarse steps) get exact per-bin kernel masses;
 * finer ones are treated as continuous in unit space and rounded by `fromUnit`, as Optuna does for log ints.
 */
export const LATTICE_MAX = 16

/** How one parameter is modelled: a unit-space coordinate, a level of a small lattice, a choice, or nothing. */
export type Axis =
  | { readonly kind: 'cont'; readonly param: Param }
  | { readonly kind: 'lattice'; readonly param: Param; readonly levels: number }
  | { readonly kind: 'cat'; readonly param: Param; readonly levels: number }
  | { readonly kind: 'const'; readonly param: Param }

function axisOf(p: Param): Axis {
  switch (p.type) {
    case 'constant':
      return { kind: 'const', param: p }
    case 'categorical':
      return { kind: 'cat', param: p, levels: p.choices.length }
    case 'int':
    case 'float': {
      if (p.log || (p.type === 'float' && p.step === undefined)) return { kind: 'cont', param: p }
      const step = p.step ?? 1
      const levels = Math.floor((p.high - p.low) / step + (p.type === 'float' ? 1e-9 : 0)) + 1
      return levels <= LATTICE_MAX ? { kind: 'lattice', param: p, levels } : { kind: 'cont', param: p }
    }
  }
}

/**
 * The search space as TPE sees it: each trial's params become one Float64Array with one slot per
 * parameter (unit coordinate, or level index; NaN when inactive). Encodings are cached by the params
 * object's identity: finished trials never change, and storages replace records rather than mutate
 * them, so a cached vector can never go stale, and a study of N trials encodes each trial once.
 */
export class SpaceCodec {
  readonly axes: readonly Axis[]
  /** Whether any parameter has a `when` (if not, the whole space is one subspace). */
  readonly conditional: boolean
  private readonly cache = new WeakMap<Params, Float64Array>()

  constructor(readonly space: SearchSpace) {
    this.axes = space.parameters.map(axisOf)
    this.conditional = space.parameters.some((p) => p.when !== undefined && Object.keys(p.when).length > 0)
  }

  encode(params: Params): Float64Array {
    let v = this.cache.get(params)
    if (!v) {
      v = new Float64Array(this.axes.length)
      for (let i = 0; i < this.axes.length; i++) v[i] = encodeValue(this.axes[i]!, params[this.axes[i]!.param.name])
      this.cache.set(params, v)
    }
    return v
  }

  /** The parameter value for a model coordinate (unit value for `cont`, level index otherwise). */
  decode(i: number, x: number): ParamValue {
    const a = this.axes[i]!
    switch (a.kind) {
      case 'const':
        return fromUnit(a.param, 0)
      case 'cont':
        return fromUnit(a.param, x)
      case 'lattice':
      case 'cat':
        return fromUnit(a.param, (x + 0.5) / a.levels)
    }
  }
}

function encodeValue(a: Axis, v: ParamValue | undefined): number {
  if (v === undefined) return NaN
  switch (a.kind) {
    case 'const':
      return NaN
    case 'cat': {
      const i = a.param.type === 'categorical' ? a.param.choices.indexOf(v) : -1
      return i < 0 ? NaN : i
    }
    case 'lattice':
      return Math.min(a.levels - 1, Math.max(0, Math.floor(toUnit(a.param, v) * a.levels)))
    case 'cont': {
      const u = toUnit(a.param, v)
      return Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : NaN
    }
  }
}
