import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { TunekitError, type Issue } from '../errors.js'
import { placeholderNames, type CommandTrainerSpec } from '../runner/command/index.js'
import { spaceIssues, parseSpace } from '../space/parse.js'
import type { SearchSpace } from '../space/types.js'
import { prunerIssues } from '../pruners/index.js'
import { isUrl } from '../storage/index.js'
import { strategyIssues } from '../strategies/index.js'
import { getTrainer, trainerNames } from '../trainers/index.js'
import { ajvIssues, escapePointer } from '../util/ajv-issues.js'
import { readJsonFile } from '../util/json-file.js'
import { inlineValidator, schemaValidator } from '../util/schemas.js'
import type { Experiment, ExperimentOverrides, TrainerConfig } from './types.js'

export const EXPERIMENT_SCHEMA = 'experiments/experiment.schema.json'

/**
 * Reads and validates an experiment file, and everything it names (space file, strategy, trainer and its
 * options, parameters the trainer understands), before anything runs or is written. Every problem at once.
 */
export async function loadExperimentFile(file: string, overrides: ExperimentOverrides = {}): Promise<Experiment> {
  const raw = readJsonFile(file, 'experiment file')
  return parseExperiment(raw, file, overrides)
}

export function parseExperiment(raw: unknown, file: string, overrides: ExperimentOverrides = {}): Experiment {
  const dir = dirname(resolve(file))
  const validate = schemaValidator(EXPERIMENT_SCHEMA)
  const issues: Issue[] = []
  if (!validate(raw)) issues.push(...ajvIssues(validate.errors))
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, issues.length ? issues : [{ path: '', message: 'must be an object' }])
  const x = raw as Record<string, unknown>

  // The space: a file (its own errors name that file) or inline (errors under /space).
  let space: SearchSpace | undefined
  if (typeof x.space === 'string') {
    const spaceFile = resolve(dir, x.space)
    const shown = display(spaceFile)
    try {
      space = parseSpace(readJsonFile(spaceFile, 'search-space file'), shown)
    } catch (e) {
      if (!(e instanceof TunekitError)) throw e
      if (e.code === 'FILE_NOT_FOUND')
        issues.push({ path: '/space', message: `${shown}: no such search-space file; the path is relative to the experiment file` })
      else if (e.issues.length === 0) issues.push({ path: '/space', message: e.message })
      else issues.push(...e.issues.map((i) => ({ path: '/space', message: `${shown}: ${i.path}: ${i.message}` })))
    }
  } else if (typeof x.space === 'object' && x.space !== null) {
    const si = spaceIssues(x.space)
    if (si.length) issues.push(...si.map((i) => ({ path: `/space${i.path}`, message: i.message })))
    else space = parseSpace(x.space, file)
  }

  // The strategy (with the --strategy / --seed overrides applied first, so they are checked too).
  const strategyRaw = { ...((x.strategy as Record<string, unknown> | undefined) ?? { name: 'random' }) }
  if (overrides.strategy !== undefined) {
    for (const k of Object.keys(strategyRaw)) if (k !== 'seed') delete strategyRaw[k]
    strategyRaw.name = overrides.strategy
  }
  if (overrides.seed !== undefined) strategyRaw.seed = overrides.seed
  if (typeof x.strategy === 'object' || overrides.strategy !== undefined) issues.push(...strategyIssues(strategyRaw, '/strategy'))

  if (x.pruner !== undefined) issues.push(...prunerIssues(x.pruner, '/pruner'))
  const metric = (x.objective as { metric?: unknown } | undefined)?.metric
  const trainer = trainerIssuesAndConfig(x.trainer, space, typeof metric === 'string' ? metric : undefined, issues, dir)

  if (issues.length > 0) fail(file, issues)
  const name = x.name as string
  const budget = x.budget as { trials: number; seconds?: number; maxFailures?: number }
  const trials = overrides.trials ?? budget.trials
  const fromEnv = process.env.TUNEKIT_STORAGE || undefined
  const storage = overrides.storage ?? fromEnv ?? (typeof x.storage === 'string' ? x.storage : `runs/${name}.json`)
  const heartbeat = (x.heartbeat as { intervalSeconds?: number; graceSeconds?: number } | undefined) ?? {}
  return {
    file,
    dir,
    name,
    space: space!,
    objective: { metric: metric as string, direction: (x.objective as { direction?: 'minimize' | 'maximize' }).direction ?? 'minimize' },
    strategy: strategyRaw as Experiment['strategy'],
    pruner: x.pruner as Experiment['pruner'],
    trainer: trainer!,
    budget: { trials, seconds: budget.seconds, maxFailures: budget.maxFailures ?? Math.max(trials, 10) },
    parallel: overrides.parallel ?? (x.parallel as number | undefined) ?? 1,
    storage:
      isUrl(storage) || overrides.storage !== undefined || (fromEnv !== undefined && overrides.storage === undefined)
        ? storage
        : display(resolve(dir, storage)),
    heartbeat: { intervalSeconds: heartbeat.intervalSeconds ?? 10, graceSeconds: heartbeat.graceSeconds ?? 60 },
    retryFailed: (x.retryFailed as number | undefined) ?? 0,
  }
}

function trainerIssuesAndConfig(
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
        if (!space.byName.has(name))
          issues.push({
            path: '/trainer/command',
            message: `placeholder {${name}} names no parameter of the space (${[...space.byName.keys()].join(', ')}); fix its spelling`,
          })
      }
    }
    return { type: 'command', spec: t as unknown as CommandTrainerSpec }
  }
  if (typeof t.builtin !== 'string') return undefined
  const trainer = trainerNames().includes(t.builtin as never) ? getTrainer(t.builtin) : undefined
  if (!trainer) {
    issues.push({
      path: '/trainer/builtin',
      message: `unknown built-in trainer "${t.builtin}"; use one of ${trainerNames().join(', ')}, or {"command": [...]} for your own script`,
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
      if (!Object.prototype.hasOwnProperty.call(trainer.parameters, p.name)) {
        issues.push({
          path: `/space/parameters/${escapePointer(p.name)}`,
          message: `the ${trainer.name} trainer has no parameter "${p.name}"; it understands ${Object.keys(trainer.parameters).join(', ')}`,
        })
      }
    }
  }
  if (metric !== undefined && !trainer.metrics.includes(metric)) {
    issues.push({ path: '/objective/metric', message: `the ${trainer.name} trainer does not report "${metric}"; it reports ${trainer.metrics.join(', ')}` })
  }
  return { type: 'builtin', name: trainer.name, options }
}

function fail(file: string, issues: Issue[]): never {
  throw new TunekitError('INVALID_EXPERIMENT', `invalid experiment: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, { file, issues })
}

/** A path as the user should see it: relative to the cwd when inside it. */
export function display(path: string): string {
  const r = relative(process.cwd(), path)
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path
}
