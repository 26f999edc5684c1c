import { isActive } from './conditions.js'
import { isValidValue } from './transform.js'
import type { Params, SearchSpace } from './types.js'

/**
 * A configuration given from outside (enqueued, imported, warm-started) as the space sees it: its active parameters in
 * space order, constants filled in, and every problem with it (a missing or invalid value, a parameter the space does
 * not have or that is inactive). Empty problems: `params` is a configuration a strategy could have proposed.
 */
export function checkParams(space: SearchSpace, given: Readonly<Params>): { params: Params; problems: string[] } {
  const problems: string[] = []
  const params: Params = {}
  for (const p of space.parameters) {
    if (!isActive(p, params)) continue
    if (!Object.hasOwn(given, p.name)) {
      if (p.type === 'constant') params[p.name] = p.value
      else problems.push(`"${p.name}" is missing`)
      continue
    }
    const v = given[p.name]!
    if (!isValidValue(p, v)) problems.push(`${JSON.stringify(v)} is not a valid value of "${p.name}"`)
    params[p.name] = v
  }
  for (const k of Object.keys(given)) {
    if (Object.hasOwn(params, k)) continue
    problems.push(space.byName.has(k) ? `"${k}" is inactive in this configuration` : `"${k}" is not a parameter of the space`)
  }
  return { params, problems }
}
