import { ValidationError } from '../errors.js'
import type { StudyRecord } from '../trial/types.js'

/** The fields with a meaning of their own; anything else is a path into the study record or its settings. */
const NAMED: Readonly<Record<string, (s: StudyRecord) => unknown>> = {
  strategy: (s) => s.strategy.name,
  name: (s) => s.name,
  pruner: (s) => (s.settings?.pruner as { name?: unknown } | undefined)?.name ?? 'none',
  direction: (s) => s.direction,
  metric: (s) => s.metric,
}

/**
 * The group of a study by a field: `strategy` (its name; the default), `name`, `pruner` (its name, or "none"),
 * or a dotted path into the study record (`strategy.gamma`, `settings.budget.trials`) or into its settings
 * (`trainer.builtin`, `parallel`). Undefined when the study has no such field.
 */
export function groupValue(study: StudyRecord, field: string): string | undefined {
  const named = NAMED[field]
  const v = named ? named(study) : (lookup(study, field) ?? lookup(study.settings, field))
  if (v === undefined || v === null) return undefined
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/** Groups for every study; a field that no study has is a usage error (a typo, most likely). */
export function groupStudies(studies: readonly StudyRecord[], field: string): string[] {
  const values = studies.map((s) => groupValue(s, field))
  if (studies.length > 0 && values.every((v) => v === undefined)) {
    const settings = [...new Set(studies.flatMap((s) => Object.keys(s.settings ?? {})))]
    throw new ValidationError(
      'USAGE',
      `--group-by "${field}": no experiment has such a field; use strategy, name, pruner, or a settings ` +
        `field${settings.length ? ` (${settings.join(', ')})` : ''}`,
    )
  }
  return values.map((v) => v ?? '(none)')
}

function lookup(root: unknown, path: string): unknown {
  let at = root
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined
    at = (at as Record<string, unknown>)[key]
  }
  return at
}
