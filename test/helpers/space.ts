/**
 * Checks written independently of src/space: what the contract says a configuration must look like.
 * Tests compare strategies' output with these rather than with the code under test.
 */
import type { ParamSpec, ParamValue, Params, SearchSpaceInput } from '../../src/index.js'

/** Whether `name` must be present in `config`: every parameter its `when` names is active and has an accepted value. */
export function mustBeActive(space: SearchSpaceInput, name: string, config: Readonly<Params>, seen: ReadonlySet<string> = new Set()): boolean {
  if (seen.has(name)) throw new Error(`cycle at ${name}`)
  const spec = space.parameters[name]
  if (!spec) throw new Error(`no parameter ${name}`)
  for (const [dep, accepted] of Object.entries(spec.when ?? {})) {
    if (!mustBeActive(space, dep, config, new Set([...seen, name]))) return false
    const list: readonly ParamValue[] = Array.isArray(accepted) ? accepted : [accepted as ParamValue]
    if (!Object.hasOwn(config, dep) || !list.includes(config[dep]!)) return false
  }
  return true
}

/** The problems of one configuration: a missing active parameter, a present inactive one, a value off its domain. */
export function configProblems(space: SearchSpaceInput, config: Readonly<Params>): string[] {
  const problems: string[] = []
  for (const key of Object.keys(config)) if (!(key in space.parameters)) problems.push(`unknown key ${key}`)
  for (const [name, spec] of Object.entries(space.parameters)) {
    const active = mustBeActive(space, name, config)
    const present = Object.hasOwn(config, name)
    if (active !== present) problems.push(`${name} is ${present ? 'present' : 'absent'} but should be ${active ? 'active' : 'inactive'}`)
    if (present && !inDomain(spec, config[name]!)) problems.push(`${name}=${String(config[name])} is outside its domain`)
  }
  return problems
}

/**
 * Whether a value lies in a parameter's domain. `high` is the effective one: lowered to the last step.
 * Float lattices allow 1e-9 relative noise from low + k*step.
 */
export function inDomain(spec: ParamSpec, v: ParamValue): boolean {
  switch (spec.type) {
    case 'constant':
      return v === spec.value
    case 'categorical':
      return spec.choices.includes(v)
    case 'int': {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < spec.low || v > spec.high) return false
      return spec.step === undefined || (v - spec.low) % spec.step === 0
    }
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.low || v > spec.high) return false
      if (spec.step === undefined) return true
      const k = (v - spec.low) / spec.step
      return Math.abs(k - Math.round(k)) < 1e-9 * Math.max(1, Math.abs(k))
    }
  }
}

/** A key for a configuration that ignores key order. */
export function configKey(config: Readonly<Params>): string {
  return JSON.stringify(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * The conditional space used across strategy tests: a chain (optimizer -> use_momentum -> nesterov),
 * a list-valued condition (beta2 for adam or rmsprop) and an int condition (units_3 when layers is 3).
 * Grid cells by hand: optimizer branch sgd 2 + 1, adam 2, rmsprop 2 = 7; layers 1 + 1 + 4 = 6; lr gridPoints.
 */
export const CONDITIONAL: SearchSpaceInput = {
  parameters: {
    optimizer: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
    use_momentum: { type: 'categorical', choices: [true, false], when: { optimizer: 'sgd' } },
    nesterov: { type: 'categorical', choices: [true, false], when: { use_momentum: true } },
    beta2: { type: 'categorical', choices: [0.99, 0.999], when: { optimizer: ['adam', 'rmsprop'] } },
    layers: { type: 'int', low: 1, high: 3 },
    units_3: { type: 'int', low: 16, high: 64, step: 16, when: { layers: 3 } },
    lr: { type: 'float', low: 0.0001, high: 0.1, log: true },
  },
}
export const conditionalGridSize = (gridPoints: number): number => 7 * 6 * gridPoints

/** Every kind of axis, for lattice and bounds checks. */
export const ALL_AXES: SearchSpaceInput = {
  parameters: {
    f: { type: 'float', low: -2, high: 3 },
    f_log: { type: 'float', low: 1e-5, high: 0.3, log: true },
    f_step: { type: 'float', low: 0.1, high: 0.95, step: 0.2 }, // high lowered to 0.9
    i: { type: 'int', low: -3, high: 7 },
    i_log: { type: 'int', low: 1, high: 1000, log: true },
    i_step: { type: 'int', low: 4, high: 30, step: 8 }, // 4, 12, 20, 28
    c: { type: 'categorical', choices: ['a', 2, false] },
    k: { type: 'constant', value: 'fixed' },
  },
}

/** The same space with `high` lowered to the last step by hand, for domain checks. */
export const ALL_AXES_EFFECTIVE: SearchSpaceInput = {
  parameters: {
    ...ALL_AXES.parameters,
    f_step: { type: 'float', low: 0.1, high: 0.9, step: 0.2 },
    i_step: { type: 'int', low: 4, high: 28, step: 8 },
  },
}
