import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, extname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ValidationError } from '../errors.js'
import { displayPath } from '../util/paths.js'
import { asTrainer, definitionIssues } from './define.js'
import type { Trainer } from './types.js'

/** Where a module trainer lives: a file URL (absolute) and the export that holds the trainer. */
export interface TrainerModuleRef {
  readonly url: string
  readonly export: string
}

const TS = new Set(['.ts', '.mts', '.cts'])
let tsxRegistered = false

/** A path or URL as a module reference (`export` defaults to "default"). */
export function moduleRef(file: string | URL, exportName = 'default'): TrainerModuleRef {
  const url = file instanceof URL ? file.href : file.startsWith('file:') ? file : pathToFileURL(file).href
  return { url, export: exportName }
}

/**
 * The file an experiment's `"module"` names, from the experiment's folder `dir`: a path relative to it (or absolute,
 * or a file: URL); failing a file there, a package specifier as Node resolves it from that folder
 * (`tunekit/trainers/mlp`, `my-models/dense`). When neither exists, the path as given, which the loader then
 * refuses with "no such file".
 */
export function resolveModuleSpecifier(spec: string, dir: string): string {
  if (spec.startsWith('file:')) return fileURLToPath(spec)
  const path = resolve(dir, spec)
  if (isAbsolute(spec) || spec.startsWith('.') || existsSync(path)) return path
  try {
    return createRequire(join(dir, 'experiment.json')).resolve(spec)
  } catch {
    return path
  }
}

/**
 * Imports a trainer module and returns the trainer it exports; called on the main thread to check an experiment
 * before anything runs, and once per worker thread before its first trial. Throws INVALID_TRAINER naming the file
 * and the reason: not found, does not load (its own error's first line), or no such export / not a trainer.
 */
export async function loadModuleTrainer(ref: TrainerModuleRef): Promise<Trainer> {
  const path = ref.url.startsWith('file:') ? fileURLToPath(ref.url) : ref.url
  const shown = displayPath(path)
  const refuse = (reason: string): never => {
    throw new ValidationError('INVALID_TRAINER', `trainer module ${shown}: ${reason}`)
  }
  if (ref.url.startsWith('file:') && !existsSync(path))
    refuse('no such file (a path is relative to the experiment file; a package name must be installed where the experiment file is)')
  let mod: Record<string, unknown>
  try {
    mod = await importTrainerModule(ref.url, TS.has(extname(path)))
  } catch (e) {
    if (e instanceof ValidationError) refuse(e.message)
    const message = e instanceof Error ? e.message : String(e)
    return refuse(`does not load: ${message.split('\n')[0]}`)
  }
  if (!Object.hasOwn(mod, ref.export)) {
    const names = Object.keys(mod)
    refuse(`has no export "${ref.export}" (it exports ${names.length ? names.join(', ') : 'nothing'}); set "export" to the one holding the trainer`)
  }
  const value = mod[ref.export]
  const issues = definitionIssues(value)
  if (issues.length > 0)
    refuse(`export "${ref.export}" is not a trainer: it ${issues.join('; ')}; export defineTrainer({ parameters, metrics, train }) from 'tunekit'`)
  return asTrainer(value, basename(path, extname(path)))
}

/** Imports a module; a TypeScript one through tsx when Node cannot load it as it is. */
async function importTrainerModule(url: string, typescript: boolean): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>
  } catch (e) {
    if (!typescript || (e as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || tsxRegistered) throw e
  }
  const tsx = await import('tsx/esm/api').catch(() => undefined)
  if (!tsx) throw new ValidationError('INVALID_TRAINER', 'a TypeScript trainer needs tsx: npm install --save-dev tsx (or compile it and point at the .js file)')
  tsx.register()
  tsxRegistered = true
  return (await import(url)) as Record<string, unknown>
}
