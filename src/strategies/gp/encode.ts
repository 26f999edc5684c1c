import { isActive } from '../../space/conditions.js'
import { fromUnit, toUnit } from '../../space/transform.js'
import type { Param, Params, SearchSpace } from '../../space/types.js'

/** One modelled dimension: a numeric axis in the unit box (log axes in log space), or a categorical's choice index. */
export type Dim =
  | { readonly kind: 'num'; readonly param: Param & { type: 'int' | 'float' }; readonly discrete: boolean }
  | { readonly kind: 'cat'; readonly param: Param & { type: 'categorical' }; readonly levels: number }

/**
 * The search space as the GP sees it: every non-constant parameter is a dimension; numeric ones through the
 * space's unit-box transform (src/space/transform.ts: log axes uniform in log space, int and step axes at their
 * bin centres), categorical ones as a choice index compared by overlap. An inactive parameter (its `when` does not
 * hold) sits at the box centre, or at choice −1; the GP has no notion of conditions (auto sends conditional spaces to
 * tpe). Encodings are cached by the params object's identity: records are immutable.
 */
export class GpCodec {
  readonly dims: readonly Dim[]
  readonly categorical: Uint8Array
  private readonly cache = new WeakMap<Params, Float64Array>()

  constructor(readonly space: SearchSpace) {
    const dims: Dim[] = []
    for (const p of space.parameters) {
      if (p.type === 'categorical') dims.push({ kind: 'cat', param: p, levels: p.choices.length })
      else if (p.type === 'int' || p.type === 'float') dims.push({ kind: 'num', param: p, discrete: p.type === 'int' || p.step !== undefined })
    }
    this.dims = dims
    this.categorical = Uint8Array.from(dims, (d) => (d.kind === 'cat' ? 1 : 0))
  }

  encode(params: Params): Float64Array {
    let row = this.cache.get(params)
    if (row) return row
    row = new Float64Array(this.dims.length)
    this.dims.forEach((d, i) => {
      const v = params[d.param.name]
      if (d.kind === 'cat') row![i] = v === undefined ? -1 : d.param.choices.indexOf(v)
      else row![i] = v === undefined ? 0.5 : clamp01(toUnit(d.param, v))
    })
    this.cache.set(params, row)
    return row
  }

  /** Moves a numeric coordinate onto its lattice (int and step axes): what the acquisition is evaluated at. */
  snap(i: number, u: number): number {
    const d = this.dims[i]!
    if (d.kind === 'cat' || !d.discrete) return clamp01(u)
    return clamp01(toUnit(d.param, fromUnit(d.param, u)))
  }

  /** The unit coordinates of the lattice neighbours of `u` on a discrete axis (one step down, one up). */
  neighbours(i: number, u: number): number[] {
    const d = this.dims[i]!
    if (d.kind === 'cat' || !d.discrete) return []
    const p = d.param
    const v = Number(fromUnit(p, u))
    const step = p.step ?? 1
    const out: number[] = []
    for (const w of [v - step, v + step]) if (w >= p.low && w <= p.high) out.push(clamp01(toUnit(p, w)))
    return out
  }

  /** The active parameters for a candidate row, in dependency order. */
  decode(row: Float64Array, offset = 0): Params {
    const params: Params = {}
    let i = 0
    for (const p of this.space.parameters) {
      if (p.type === 'constant') {
        if (isActive(p, params)) params[p.name] = p.value
        continue
      }
      const d = this.dims[i]!
      const x = row[offset + i]!
      i++
      if (!isActive(p, params)) continue
      if (d.kind === 'cat') params[p.name] = d.param.choices[Math.min(d.levels - 1, Math.max(0, Math.round(x)))]!
      else params[p.name] = fromUnit(d.param, x)
    }
    return params
  }
}

function clamp01(u: number): number {
  return Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : 0.5
}
