import type { Issue } from '../errors.js'
import type { SearchSpace } from '../space/types.js'
import { type CommandTrainerSpec, placeholderNames } from '../trainers/command/index.js'
import { trainers } from '../trainers/index.js'
import { declaresMetric } from '../trainers/types.js'
import { ajvIssues, escapePointer } from '../util/ajv-issues.js'
import { inlineValidator } from '../util/schemas.js'
import type { TrainerConfig } from './types.js'

/**
 * The trainer of an experiment, checked against what it names: a command's placeholders against the space; a
 * built-in's options against its schema (then prepared: paths resolved from `dir`), the space's parameters against
 * those it understands, and the objective metric against those it reports. Problems go into `issues`.
 */
export function trainerConfig(
  raw: unknown,
  space: SearchSpace | undefined,
  metric: string | undefined,
  issues: Issue[],
  dir: string,
): TrainerConfig | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const t = raw as Record<string, unknown>
  if (Array.isArray(t.command)) {
    if (!t.command.every((c) => typeof c === 'string') || t.command.length === 0) return undefined
    if (space) {
      for (const name of placeholderNames(t.command as string[])) {
        if (!space.byName.has(name)) {
          issues.push({
            path: '/trainer/command',
            message: `placeholder {${name}} names no parameter of the space (${[...space.byName.keys()].join(', ')}); fix its spelling`,
          })
        }
      }
    }
    return { type: 'command', spec: t as unknown as CommandTrainerSpec }
  }
  if (typeof t.builtin !== 'string') return undefined
  const trainer = trainers.get(t.builtin)
  if (!trainer) {
    issues.push({
      path: '/trainer/builtin',
      message: `unknown built-in trainer "${t.builtin}"; use one of ${trainers.names().join(', ')}, or {"command": [...]} for your own script`,
    })
    return undefined
  }
  let options = (t.options as Record<string, unknown> | undefined) ?? {}
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
  if (metric !== undefined && !declaresMetric(trainer, metric)) {
    issues.push({ path: '/objective/metric', message: `the ${trainer.name} trainer does not report "${metric}"; it reports ${trainer.metrics.join(', ')}` })
  }
  return { type: 'builtin', name: trainer.name, options }
}
