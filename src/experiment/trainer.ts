import { type Issue, TunekitError } from '../errors.js'
import type { SearchSpace } from '../space/types.js'
import { type CommandTrainerSpec, placeholderNames } from '../trainers/command/index.js'
import { trainers } from '../trainers/index.js'
import { loadModuleTrainer, moduleRef, resolveModuleSpecifier } from '../trainers/module.js'
import { declaresMetric, type Trainer } from '../trainers/types.js'
import { ajvIssues, escapePointer } from '../util/ajv-issues.js'
import { inlineValidator } from '../util/schemas.js'
import type { TrainerConfig } from './types.js'

/** A module trainer imported ahead of the (synchronous) checks: the trainer, or why it could not be used. */
export type PreloadedTrainer = { readonly trainer: Trainer } | { readonly error: string }

/** Imports the module an experiment's `{"module": "./x.mjs"}` names (relative to `dir`); undefined for other trainers. */
export async function preloadTrainer(raw: unknown, dir: string): Promise<PreloadedTrainer | undefined> {
  const t = (raw as { trainer?: { module?: unknown; export?: unknown } } | null)?.trainer
  if (typeof t?.module !== 'string' || t.module === '') return undefined
  try {
    return { trainer: await loadModuleTrainer(moduleRef(resolveModuleSpecifier(t.module, dir), typeof t.export === 'string' ? t.export : 'default')) }
  } catch (e) {
    if (!(e instanceof TunekitError)) throw e
    return { error: e.message }
  }
}

/**
 * The trainer of an experiment, checked against what it names: a command's placeholders against the space; a
 * built-in's or a module's options against its schema (then prepared: paths resolved from `dir`), the space's
 * parameters against those it understands, and the objective and constraint metrics (each with its JSON path) against those it reports. Problems go into `issues`.
 */
export function trainerConfig(
  raw: unknown,
  space: SearchSpace | undefined,
  metrics: readonly { readonly metric: string; readonly path: string }[],
  issues: Issue[],
  dir: string,
  preloaded?: PreloadedTrainer,
  slots = false,
): TrainerConfig | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const t = raw as Record<string, unknown>
  if (Array.isArray(t.command)) {
    if (!t.command.every((c) => typeof c === 'string') || t.command.length === 0) return undefined
    if (space) {
      for (const name of placeholderNames(t.command as string[])) {
        if (!space.byName.has(name) && !(slots && name === 'slot')) {
          issues.push({
            path: '/trainer/command',
            message: `placeholder {${name}} names no parameter of the space (${[...space.byName.keys()].join(', ')}); fix its spelling`,
          })
        }
      }
    }
    return { type: 'command', spec: t as unknown as CommandTrainerSpec }
  }
  const timeoutSeconds = typeof t.timeoutSeconds === 'number' ? t.timeoutSeconds : undefined
  if (typeof t.module === 'string') {
    if (!preloaded) {
      issues.push({
        path: '/trainer/module',
        message: 'a module trainer must be imported first: load the file with loadExperimentFile (or await resolveExperiment)',
      })
      return undefined
    }
    if ('error' in preloaded) {
      issues.push({ path: '/trainer/module', message: preloaded.error })
      return undefined
    }
    const options = checkedOptions(preloaded.trainer, t.options, space, metrics, issues, dir)
    const exportName = typeof t.export === 'string' ? t.export : 'default'
    return {
      type: 'module',
      file: t.module,
      module: moduleRef(resolveModuleSpecifier(t.module, dir), exportName),
      trainer: preloaded.trainer,
      options,
      timeoutSeconds,
    }
  }
  if (typeof t.builtin !== 'string') return undefined
  const trainer = trainers.get(t.builtin)
  if (!trainer) {
    issues.push({
      path: '/trainer/builtin',
      message: `unknown built-in trainer "${t.builtin}"; use one of ${trainers.names().join(', ')}, {"module": "./my-trainer.mjs"} or {"command": [...]} for your own code`,
    })
    return undefined
  }
  return { type: 'builtin', name: trainer.name, options: checkedOptions(trainer, t.options, space, metrics, issues, dir), timeoutSeconds }
}

/** A trainer's options checked and prepared, its parameters against the space, its metrics against the objective. */
function checkedOptions(
  trainer: Trainer,
  raw: unknown,
  space: SearchSpace | undefined,
  metrics: readonly { readonly metric: string; readonly path: string }[],
  issues: Issue[],
  dir: string,
): Readonly<Record<string, unknown>> {
  let options = (raw as Record<string, unknown> | undefined) ?? {}
  const validate = inlineValidator(trainer.optionsSchema)
  if (!validate(options)) issues.push(...ajvIssues(validate.errors).map((i) => ({ path: `/trainer/options${i.path}`, message: i.message })))
  else if (trainer.prepareOptions) {
    const prepared = trainer.prepareOptions(options, dir)
    issues.push(...prepared.issues.map((i) => ({ path: `/trainer/options${i.path}`, message: i.message })))
    options = { ...prepared.options }
  }
  if (space) {
    for (const p of space.parameters) {
      if (!Object.hasOwn(trainer.parameters, p.name)) {
        issues.push({
          path: `/space/parameters/${escapePointer(p.name)}`,
          message: `the ${trainer.name} trainer has no parameter "${p.name}"; it understands ${Object.keys(trainer.parameters).join(', ')}`,
        })
      }
    }
  }
  for (const { metric, path } of metrics) {
    if (!declaresMetric(trainer, metric))
      issues.push({ path, message: `the ${trainer.name} trainer does not report "${metric}"; it reports ${trainer.metrics.join(', ')}` })
  }
  return options
}
