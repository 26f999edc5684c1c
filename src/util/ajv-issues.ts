import type { ErrorObject } from 'ajv'
import type { Issue } from '../errors.js'

/**
 * Turns ajv errors into issues a person can act on: one per problem, each with the JSON path and a fix.
 * Errors of a `oneOf` whose discriminator already chose a branch are dropped as noise.
 */
export function ajvIssues(errors: readonly ErrorObject[] | null | undefined): Issue[] {
  const out: Issue[] = []
  const seen = new Set<string>()
  for (const e of errors ?? []) {
    const issue = toIssue(e)
    if (!issue) continue
    const key = `${issue.path}\u0000${issue.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(issue)
  }
  return out
}

function toIssue(e: ErrorObject): Issue | undefined {
  const path = e.instancePath
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required':
      return { path, message: `missing required property "${String(p.missingProperty)}"; add it` }
    case 'additionalProperties':
      return {
        path: `${path}/${escapePointer(String(p.additionalProperty))}`,
        message: `unknown property "${String(p.additionalProperty)}"; remove it or check its spelling${allowedHint(e)}`,
      }
    case 'propertyNames':
      return undefined // reported by the `pattern` error on the name itself
    case 'pattern':
      if (e.propertyName !== undefined) {
        return {
          path: `${path}/${escapePointer(e.propertyName)}`,
          message: `invalid name "${e.propertyName}"; names start with a letter or _ and use only letters, digits, _ . -`,
        }
      }
      return { path, message: `must match ${String(p.pattern)}` }
    case 'type':
      return { path, message: `must be ${article(String(p.type))}` }
    case 'enum':
      return { path, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` }
    case 'const':
      return { path, message: `must be ${JSON.stringify(p.allowedValue)}` }
    case 'minLength':
      return { path, message: p.limit === 1 ? 'must not be empty' : `must have at least ${String(p.limit)} characters` }
    case 'minItems':
      return { path, message: `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` }
    case 'minProperties':
      return { path, message: `must have at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}` }
    case 'uniqueItems':
      return { path, message: `must not contain duplicates (items ${String(p.j)} and ${String(p.i)} are equal); remove one` }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `must be ${String(p.comparison)} ${String(p.limit)}` }
    case 'discriminator':
      if (p.error === 'mapping') return { path: `${path}/type`, message: `must be one of "float", "int", "categorical", "constant"` }
      return { path, message: `missing required property "type"; add it` }
    case 'oneOf':
    case 'anyOf':
    case 'if':
      return undefined // the branch errors say what is wrong
    default:
      return { path, message: e.message ?? `fails ${e.keyword}` }
  }
}

function allowedHint(e: ErrorObject): string {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties
  if (!props || Object.keys(props).length === 0) return ''
  return ` (allowed: ${Object.keys(props).join(', ')})`
}

function article(type: string): string {
  const t = type.replace(/,/g, ' or ')
  if (t === 'integer') return 'an integer'
  if (t === 'object' || t === 'array') return `an ${t}`
  return `a ${t}`
}

export function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1')
}
