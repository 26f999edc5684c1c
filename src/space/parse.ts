import { type Issue, ValidationError } from '../errors.js'
import { ajvIssues, escapePointer } from '../util/ajv-issues.js'
import { readJsonFile } from '../util/json-file.js'
import { schemaValidator } from '../util/schemas.js'
import { allowedValues } from './conditions.js'
import type { Param, ParamSpec, ParamValue, SearchSpace, SearchSpaceInput } from './types.js'

export const SPACE_SCHEMA = 'search-spaces/search-space.schema.json'

/** Reads, validates and normalises a search-space file. Throws a ValidationError listing every problem. */
export function loadSpaceFile(file: string): SearchSpace {
  return parseSpace(readJsonFile(file, 'search-space file'), file)
}

/** Validates a search space given as an object; `file` names it in messages (a path, or e.g. "<inline space>"). */
export function parseSpace(input: unknown, file = '<space>', pathPrefix = ''): SearchSpace {
  const issues = spaceIssues(input)
  if (issues.length > 0) {
    throw new ValidationError('INVALID_SPACE', `invalid search space: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, {
      file,
      issues: issues.map((i) => ({ path: pathPrefix + i.path, message: i.message })),
    })
  }
  return build(input as SearchSpaceInput)
}

/** Every problem in a space, schema and semantic checks together; empty when it is valid. */
export function spaceIssues(input: unknown): Issue[] {
  const validate = schemaValidator(SPACE_SCHEMA)
  const issues: Issue[] = []
  if (!validate(input)) issues.push(...ajvIssues(validate.errors))
  if (isObject(input) && isObject(input.parameters)) issues.push(...semanticIssues(input.parameters))
  return issues
}

/** Linear in the size of the space: choices are checked through sets, never pairwise (ajv's uniqueItems is quadratic). */
function semanticIssues(params: Record<string, unknown>): Issue[] {
  const issues: Issue[] = []
  const choiceSets = new Map<string, ReadonlySet<unknown>>()
  for (const [name, raw] of Object.entries(params)) {
    if (!isObject(raw) || raw.type !== 'categorical' || !Array.isArray(raw.choices)) continue
    const { set, duplicate } = choiceSet(raw.choices)
    choiceSets.set(name, set)
    if (duplicate)
      issues.push({
        path: `/parameters/${escapePointer(name)}/choices`,
        message: `must not contain duplicates (items ${duplicate[0]} and ${duplicate[1]} are equal); remove one`,
      })
  }
  for (const [name, raw] of Object.entries(params)) {
    if (!isObject(raw)) continue
    const at = `/parameters/${escapePointer(name)}`
    if (raw.type === 'float' && typeof raw.low === 'number' && typeof raw.high === 'number' && !Number.isFinite(raw.high - raw.low)) {
      issues.push({ path: `${at}/high`, message: `high - low must be a finite number (it is ${raw.high - raw.low}); narrow the range` })
    }
    if ((raw.type === 'float' || raw.type === 'int') && typeof raw.low === 'number' && typeof raw.high === 'number') {
      if (raw.low > raw.high) issues.push({ path: `${at}/high`, message: `must be >= low (${raw.low}); swap low and high` })
      if (raw.log === true && raw.low <= 0) issues.push({ path: `${at}/low`, message: `must be > 0 when "log" is true; raise low or set "log": false` })
      if (raw.log === true && raw.step !== undefined)
        issues.push({ path: `${at}/step`, message: `"step" cannot be combined with "log": true; remove one of them` })
      if (typeof raw.step === 'number' && raw.step > 0 && raw.low <= raw.high && raw.step > raw.high - raw.low && raw.high !== raw.low) {
        issues.push({ path: `${at}/step`, message: `must be <= high - low (${raw.high - raw.low}); lower the step or widen the range` })
      }
    }
    if (raw.when !== undefined && isObject(raw.when)) {
      for (const [dep, accepted] of Object.entries(raw.when)) {
        const wat = `${at}/when/${escapePointer(dep)}`
        if (dep === name) {
          issues.push({ path: wat, message: `a parameter cannot depend on itself; remove this condition` })
          continue
        }
        const target = params[dep]
        if (!isObject(target)) {
          issues.push({
            path: wat,
            message: `unknown parameter "${dep}"; conditions may name only parameters of this space (${Object.keys(params).join(', ')})`,
          })
          continue
        }
        if (!isScalarOrList(accepted)) continue // the schema reported it
        for (const v of allowedValues(accepted)) {
          const problem = conditionValueProblem(target, v, choiceSets.get(dep))
          if (problem) issues.push({ path: wat, message: problem })
        }
      }
    }
  }
  issues.push(...cycleIssues(params))
  return issues
}

/** The distinct choices, and the first pair of equal items (as ajv's uniqueItems names them: earlier, later). */
function choiceSet(choices: readonly unknown[]): { set: ReadonlySet<unknown>; duplicate: [number, number] | undefined } {
  const first = new Map<unknown, number>()
  let duplicate: [number, number] | undefined
  choices.forEach((c, i) => {
    const seen = first.get(c)
    if (seen === undefined) first.set(c, i)
    else duplicate ??= [seen, i]
  })
  return { set: new Set(first.keys()), duplicate }
}

function conditionValueProblem(target: Record<string, unknown>, v: ParamValue, choices: ReadonlySet<unknown> | undefined): string | undefined {
  switch (target.type) {
    case 'categorical': {
      if (choices?.has(v)) return undefined
      const list = Array.isArray(target.choices) ? (target.choices as unknown[]) : []
      const shown =
        list.length > 20
          ? `${list
              .slice(0, 20)
              .map((c) => JSON.stringify(c))
              .join(', ')}, ... (${list.length} in all)`
          : list.map((c) => JSON.stringify(c)).join(', ')
      return `value ${JSON.stringify(v)} is not one of its choices (${shown}); use one of them`
    }
    case 'constant':
      return target.value === v ? undefined : `value ${JSON.stringify(v)} never holds: that parameter is the constant ${JSON.stringify(target.value)}`
    case 'int': {
      const ok =
        typeof v === 'number' && Number.isInteger(v) && typeof target.low === 'number' && typeof target.high === 'number' && v >= target.low && v <= target.high
      if (!ok) return `value ${JSON.stringify(v)} is not an integer in [${String(target.low)}, ${String(target.high)}]; use one that is`
      // With a step the parameter takes only low + k*step (high lowered to the last step): any other value never holds.
      const step = target.step
      if (typeof step === 'number' && typeof target.low === 'number' && Number.isInteger(step) && step > 0 && (Number(v) - target.low) % step !== 0) {
        return `value ${JSON.stringify(v)} is not on the parameter's steps (${String(target.low)} + k * ${step}); use one that is`
      }
      return undefined
    }
    case 'float':
      return `conditions on a float parameter are not supported (a float almost never equals a given value); condition on a categorical or int parameter`
    default:
      return undefined
  }
}

function cycleIssues(params: Record<string, unknown>): Issue[] {
  const deps = (n: string): string[] => {
    const raw = params[n]
    return isObject(raw) && isObject(raw.when) ? Object.keys(raw.when).filter((d) => d !== n && isObject(params[d])) : []
  }
  const issues: Issue[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const reported = new Set<string>()
  const visit = (n: string, stack: string[]): void => {
    state.set(n, 'visiting')
    for (const d of deps(n)) {
      if (state.get(d) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(d)), d]
        const key = [...new Set(cycle)].sort().join(',')
        if (!reported.has(key)) {
          reported.add(key)
          issues.push({
            path: `/parameters/${escapePointer(n)}/when/${escapePointer(d)}`,
            message: `conditions form a cycle (${cycle.join(' -> ')}); remove one of these conditions`,
          })
        }
      } else if (!state.has(d)) {
        visit(d, [...stack, d])
      }
    }
    state.set(n, 'done')
  }
  for (const n of Object.keys(params)) if (!state.has(n)) visit(n, [n])
  return issues
}

/** Normalises a valid space: dependency order, high lowered to the last step. */
function build(source: SearchSpaceInput): SearchSpace {
  const notes: string[] = []
  const entries = Object.entries(source.parameters)
  const placed = new Set<string>()
  const ordered: Param[] = []
  // Stable topological order: keep file order, but a parameter comes after every parameter it names.
  while (ordered.length < entries.length) {
    for (const [name, spec] of entries) {
      if (placed.has(name)) continue
      if (Object.keys(spec.when ?? {}).every((d) => placed.has(d))) {
        ordered.push(normalise(name, spec, notes))
        placed.add(name)
      }
    }
  }
  return { parameters: ordered, byName: new Map(ordered.map((p) => [p.name, p])), source, notes }
}

function normalise(name: string, spec: ParamSpec, notes: string[]): Param {
  if ((spec.type === 'float' || spec.type === 'int') && spec.step !== undefined && spec.high > spec.low) {
    const k = Math.floor((spec.high - spec.low) / spec.step + 1e-9)
    const high = spec.type === 'int' ? spec.low + k * spec.step : roundTo(spec.low + k * spec.step, spec.step)
    if (Math.abs(high - spec.high) > 1e-12 * Math.max(1, Math.abs(spec.high))) {
      notes.push(`/parameters/${name}: step ${spec.step} does not divide high - low; high lowered from ${spec.high} to ${high} (as Optuna does)`)
      return { ...spec, high, name }
    }
  }
  return { ...spec, name }
}

/** Rounds away floating-point noise of low + k*step so that lattice values print cleanly. */
export function roundTo(x: number, step: number): number {
  const decimals = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 6))
  return Number(x.toFixed(decimals))
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function isScalarOrList(x: unknown): x is ParamValue | ParamValue[] {
  const scalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
  return scalar(x) || (Array.isArray(x) && x.length > 0 && x.every(scalar))
}

/** A short summary for `tunekit validate`. */
export function describeSpace(space: SearchSpace, gridSize: number): string {
  const n = space.parameters.length
  const conditional = space.parameters.filter((p) => p.when).length
  return `${n} parameter${n === 1 ? '' : 's'} (${conditional} conditional), grid size ${gridSize}`
}
