import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'

/** The repository root, from both `src/util` (tests, tsx) and `dist/util` (the built package). */
export const PACKAGE_ROOT = new URL('../../', import.meta.url)

let ajv: Ajv | undefined
const compiled = new Map<string, ValidateFunction>()

/** Compiles a published schema (a path relative to the package root) once per process. */
export function schemaValidator(relativePath: string): ValidateFunction {
  let v = compiled.get(relativePath)
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, discriminator: true, strict: false, verbose: true })
    const schema = JSON.parse(readFileSync(new URL(relativePath, PACKAGE_ROOT), 'utf8')) as object
    v = ajv.compile(schema)
    compiled.set(relativePath, v)
  }
  return v
}

/** Compiles an inline schema (strategy or trainer options), cached by identity. */
const inlineCache = new WeakMap<object, ValidateFunction>()
export function inlineValidator(schema: object): ValidateFunction {
  let v = inlineCache.get(schema)
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, discriminator: true, strict: false, verbose: true })
    v = ajv.compile(schema)
    inlineCache.set(schema, v)
  }
  return v
}
