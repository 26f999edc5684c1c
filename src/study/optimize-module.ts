import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ValidationError } from '../errors.js'
import type { SearchSpace } from '../space/types.js'
import type { TrialRecord } from '../trial/types.js'
import { loadModuleTrainer, moduleRef } from '../trainers/module.js'
import { TrainerPool } from '../trainers/threads/pool.js'
import { declaresMetric, type Trainer } from '../trainers/types.js'
import { ajvIssues } from '../util/ajv-issues.js'
import { inlineValidator } from '../util/schemas.js'
import { type LoopStudy, type Next, runLoop } from './loop.js'
import type { ModuleOptimizeOptions } from './types.js'

/** What optimizing with a module needs of a study. */
export interface ModuleStudy extends LoopStudy {
  readonly name: string
  readonly space: SearchSpace
  readonly record: { readonly metric: string }
}

/**
 * Runs the trainer a module exports on `options.parallel` worker threads for `options.trials` new trials, the way an
 * experiment file's `{"module": ...}` does: reports become intermediate values, the pruner stops trials through
 * `ctx.report`, a throw or a timeout fails the trial (and the loop goes on: that is the sweep's rule, not the function
 * form's). The module, its parameters, metric and options are checked before any trial starts.
 */
export async function optimizeModule(
  study: ModuleStudy,
  file: URL | string,
  options: Partial<ModuleOptimizeOptions> & { readonly trials: number },
  next: () => Promise<Next>,
  finished?: (record: TrialRecord) => Promise<'stop' | undefined>,
): Promise<void> {
  const ref = moduleRef(file, options.export)
  const trainer = await loadModuleTrainer(ref)
  // A study created without a metric is "value": the trainer's first metric is the objective then.
  const metric = options.metric ?? (study.record.metric === 'value' && !declaresMetric(trainer, 'value') ? trainer.metrics[0]! : study.record.metric)
  const prepared = checkModule(trainer, study.space, metric, options.options ?? {}, ref.url)
  const pool = new TrainerPool(trainer, ref, prepared, {
    threads: options.parallel ?? 1,
    timeoutSeconds: options.trialTimeoutSeconds,
  })
  const abort = new AbortController()
  try {
    const end = await runLoop(study, options.parallel ?? 1, {
      next,
      run: (trial) =>
        pool.run(
          { number: trial.number, params: trial.params, seed: trial.seed, experiment: study.name, metric },
          {
            onReport: ({ step, metrics }) => {
              const value = metrics[metric]
              if (step === undefined || typeof value !== 'number' || !Number.isFinite(value)) return false
              void trial.report(step, value, metrics).catch(() => {})
              return trial.shouldPrune()
            },
            signal: abort.signal,
          },
        ),
      failure: (e) => ({ state: 'fail', error: { reason: 'runner error', message: e instanceof Error ? e.message : String(e) } }),
      ...(finished ? { finished } : {}),
    })
    if (end.reason === 'error') throw end.error
  } finally {
    abort.abort()
    await pool.close()
  }
}

/** The same checks an experiment file's module trainer gets; returns the prepared options. */
function checkModule(
  trainer: Trainer,
  space: SearchSpace,
  metric: string,
  raw: Readonly<Record<string, unknown>>,
  url: string,
): Readonly<Record<string, unknown>> {
  const problems: string[] = []
  const unknown = space.parameters.filter((p) => !Object.hasOwn(trainer.parameters, p.name)).map((p) => `"${p.name}"`)
  if (unknown.length > 0) problems.push(`has no parameter ${unknown.join(', ')}; it understands ${Object.keys(trainer.parameters).join(', ')}`)
  if (!declaresMetric(trainer, metric))
    problems.push(`does not report "${metric}"; it reports ${trainer.metrics.join(', ')} (set options.metric or the study's metric)`)
  let options = raw
  const validate = inlineValidator(trainer.optionsSchema)
  if (!validate(options)) problems.push(...ajvIssues(validate.errors).map((i) => `options${i.path}: ${i.message}`))
  else if (trainer.prepareOptions) {
    const prepared = trainer.prepareOptions(options, url.startsWith('file:') ? dirname(fileURLToPath(url)) : process.cwd())
    problems.push(...prepared.issues.map((i) => `options${i.path}: ${i.message}`))
    options = prepared.options
  }
  if (problems.length > 0) throw new ValidationError('INVALID_TRAINER', `the ${trainer.name} trainer ${problems.join('; ')}`)
  return options
}
