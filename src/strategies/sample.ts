import { isActive } from '../space/conditions.js'
import type { Param, Params, ParamValue, SearchSpace } from '../space/types.js'

/**
 * Builds a configuration parameter by parameter in dependency order, keeping only the active ones.
 * `draw` is called for active parameters with the parameter's index in the space (its dimension).
 */
export function sampleActive(space: SearchSpace, draw: (p: Param, dim: number) => ParamValue): Params {
  const params: Params = {}
  space.parameters.forEach((p, dim) => {
    if (isActive(p, params)) params[p.name] = draw(p, dim)
  })
  return params
}
