import type { Condition, Param, ParamValue, Params } from './types.js'

/** The values a condition accepts for one parameter. */
export function allowedValues(v: ParamValue | readonly ParamValue[]): readonly ParamValue[] {
  return Array.isArray(v) ? v : [v as ParamValue]
}

/**
 * Whether a parameter is active given the values chosen so far. Parameters come in dependency order,
 * so a parameter named in `when` is already decided: absent means inactive, which makes this one inactive too.
 */
export function isActive(param: Param, chosen: Readonly<Params>): boolean {
  return conditionHolds(param.when, chosen)
}

export function conditionHolds(when: Condition | undefined, chosen: Readonly<Params>): boolean {
  if (!when) return true
  for (const [name, accepted] of Object.entries(when)) {
    if (!Object.hasOwn(chosen, name)) return false
    const value = chosen[name]
    if (!allowedValues(accepted).some((a) => a === value)) return false
  }
  return true
}
