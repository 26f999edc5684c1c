import { dirname, resolve } from 'node:path'
import { type Issue, TunekitError, ValidationError } from '../errors.js'
import { createPruner, prunerIssues } from '../pruners/index.js'
import { parseSpace, spaceIssues } from '../space/parse.js'
import type { SearchSpace } from '../space/types.js'
import { createStrategy, strategyIssues } from '../strategies/index.js'
import type { StrategyConfig } from '../trial/types.js'
import { ajvIssues } from '../util/ajv-issues.js'
import { readJsonFile } from '../util/json-file.js'
import { displayPath } from '../util/paths.js'
import { isUrl } from '../storage/location.js'
import { DEFAULT_PATIENCE_TRIALS } from '../study/stopping.js'
import { schemaValidator } from '../util/schemas.js'
import { experimentStore } from './store.js'
import { type PreloadedTrainer, preloadTrainer, trainerConfig } from './trainer.js'
import type { Experiment, ExperimentOverrides, PrunerConfig, Resources } from './types.js'

export const EXPERIMENT_SCHEMA = 'experiments/experiment.schema.json'

/**
 * Reads and validates an experiment file, and everything it names (space file, strategy, trainer and its
 * options, parameters the trainer understands), before anything runs or is written. Every problem at once.
 */
export async function loadExperimentFile(file: string, overrides: ExperimentOverrides = {}): Promise<Experiment> {
  return resolveExperiment(readJsonFile(file, 'experiment file'), file, overrides)
}

/** parseExperiment for any trainer: a module trainer's file is imported first (relative to `file`'s folder). */
export async function resolveExperiment(raw: unknown, file: string, overrides: ExperimentOverrides = {}): Promise<Experiment> {
  return parseExperiment(raw, file, overrides, await preloadTrainer(raw, dirname(resolve(file))))
}

/** An experiment from its parsed JSON; a module trainer must have been imported (resolveExperiment does both). */
export function parseExperiment(raw: unknown, file: string, overrides: ExperimentOverrides = {}, preloaded?: PreloadedTrainer): Experiment {
  const dir = dirname(resolve(file))
  const validate = schemaValidator(EXPERIMENT_SCHEMA)
  const issues: Issue[] = []
  if (!validate(raw)) issues.push(...ajvIssues(validate.errors).filter((i) => !checkedElsewhere(i.path, raw)))
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, issues.length ? issues : [{ path: '', message: 'must be an object' }])
  const x = raw as Record<string, unknown>
  const space = experimentSpace(x.space, dir, file, issues)
  const strategy = strategyConfig(x.strategy, overrides)
  if (typeof x.strategy === 'object' || overrides.strategy !== undefined) issues.push(...strategyIssues(strategy, '/strategy'))
  if (x.pruner !== undefined) issues.push(...prunerIssues(x.pruner, '/pruner'))
  const metric = (x.objective as { metric?: unknown } | undefined)?.metric
  const resources = x.resources as Resources | undefined
  const trainer = trainerConfig(x.trainer, space, typeof metric === 'string' ? metric : undefined, issues, dir, preloaded, resources !== undefined)
  if (resources && trainer && trainer.type !== 'command')
    issues.push({ path: '/resources', message: 'slots are for command trainers (each trial a process); this trainer runs in threads: drop "resources"' })
  if (resources && space?.byName.has('slot'))
    issues.push({ path: '/resources', message: 'the space has a parameter named "slot", which the {slot} placeholder would hide: rename it' })
  if (issues.length > 0 || !space || !trainer) fail(file, issues)

  const name = x.name as string
  const budget = x.budget as { trials: number; seconds?: number; maxFailures?: number; target?: number; patience?: { trials?: number; minDelta?: number } }
  const trials = overrides.trials ?? budget.trials
  const heartbeat = (x.heartbeat as { intervalSeconds?: number; graceSeconds?: number } | undefined) ?? {}
  const pruner = x.pruner as PrunerConfig | undefined
  return {
    file,
    dir,
    name,
    space,
    objective: { metric: metric as string, direction: (x.objective as { direction?: 'minimize' | 'maximize' }).direction ?? 'minimize' },
    strategy,
    pruner,
    instances: { strategy: createStrategy(strategy, file), pruner: createPruner(pruner, file) },
    trainer,
    budget: {
      trials,
      seconds: budget.seconds,
      maxFailures: budget.maxFailures ?? Math.max(trials, 10),
      ...(budget.target !== undefined ? { target: budget.target } : {}),
      ...(budget.patience !== undefined ? { patience: { ...budget.patience, trials: budget.patience.trials ?? DEFAULT_PATIENCE_TRIALS } } : {}),
    },
    parallel: overrides.parallel ?? (x.parallel as number | undefined) ?? resources?.slots.length ?? 1,
    storage: overrides.storage ?? experimentStore(file, name, typeof x.storage === 'string' ? x.storage : undefined),
    heartbeat: { intervalSeconds: heartbeat.intervalSeconds ?? 10, graceSeconds: heartbeat.graceSeconds ?? 60 },
    retryFailed: (x.retryFailed as number | undefined) ?? 0,
    ...(x.warmStart !== undefined ? { warmStart: warmStartOf(x.warmStart as { from: string; study?: string }, dir) } : {}),
    ...(x.notify !== undefined ? { notify: x.notify as { command: string[] } } : {}),
    ...(resources !== undefined ? { resources } : {}),
  }
}

/** A warm start's store: a path from the experiment's folder (shown relative to the cwd), or a URL as given. */
function warmStartOf(w: { from: string; study?: string }, dir: string): { from: string; study?: string } {
  return { ...w, from: isUrl(w.from) ? w.from : displayPath(resolve(dir, w.from)) }
}

/** The space: a file (its own errors name that file) or inline (errors under /space). */
function experimentSpace(raw: unknown, dir: string, file: string, issues: Issue[]): SearchSpace | undefined {
  if (typeof raw === 'string') {
    const shown = displayPath(resolve(dir, raw))
    try {
      return parseSpace(readJsonFile(resolve(dir, raw), 'search-space file'), shown)
    } catch (e) {
      if (!(e instanceof TunekitError)) throw e
      if (e.code === 'FILE_NOT_FOUND')
        issues.push({ path: '/space', message: `${shown}: no such search-space file; the path is relative to the experiment file` })
      else if (e.issues.length === 0) issues.push({ path: '/space', message: e.message })
      else issues.push(...e.issues.map((i) => ({ path: '/space', message: `${shown}: ${i.path}: ${i.message}` })))
      return undefined
    }
  }
  if (typeof raw !== 'object' || raw === null) return undefined
  const si = spaceIssues(raw)
  if (si.length === 0) return parseSpace(raw, file)
  issues.push(...si.map((i) => ({ path: `/space${i.path}`, message: i.message })))
  return undefined
}

/** The strategy, with the --strategy and --seed overrides applied first (so that they are checked too). */
function strategyConfig(raw: unknown, overrides: ExperimentOverrides): StrategyConfig {
  const config: Record<string, unknown> = { ...((raw as Record<string, unknown> | undefined) ?? { name: 'auto' }) }
  if (overrides.strategy !== undefined) {
    // Options belong to the strategy the file named: a different one starts from its own defaults.
    for (const k of Object.keys(config)) if (k !== 'seed') delete config[k]
    config.name = overrides.strategy
  }
  if (overrides.seed !== undefined) config.seed = overrides.seed
  return config as unknown as StrategyConfig
}

/**
 * Schema issues that the checks below report better: the registries check a strategy's, a pruner's and a built-in
 * trainer's name and options (registered names included, which the published schema's enums cannot know), and
 * spaceIssues an inline space. The published schema checks them all for editors.
 */
function checkedElsewhere(path: string, raw: unknown): boolean {
  const x = (raw ?? {}) as { space?: unknown; strategy?: unknown; pruner?: unknown; trainer?: { builtin?: unknown; options?: unknown } }
  const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v)
  const under = (prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`)
  if (under('/strategy')) return isObject(x.strategy)
  if (under('/pruner')) return isObject(x.pruner)
  if (under('/trainer/builtin')) return typeof x.trainer?.builtin === 'string'
  if (under('/trainer/options')) return typeof x.trainer?.builtin === 'string' && isObject(x.trainer.options)
  return under('/space') && isObject(x.space)
}

function fail(file: string, issues: Issue[]): never {
  throw new ValidationError('INVALID_EXPERIMENT', `invalid experiment: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, { file, issues })
}
