import type { Experiment } from '../experiment/types.js'
import type { StudySpec } from '../study/open.js'
import type { Storage } from '../storage/types.js'
import { loadWarmStart, type WarmStart } from '../study/warm-start.js'

/** The experiment's warm start, read from its store (read-only), or undefined without one. */
export async function experimentWarmStart(exp: Experiment): Promise<WarmStart | undefined> {
  return exp.warmStart ? loadWarmStart(exp.space, exp.objective.direction, exp.warmStart) : undefined
}

/** The study an experiment stands for in a store: what a sweep, a worker and `tunekit ask`/`tell` all open. */
export function sweepStudySpec(exp: Experiment, storage: Storage, warm?: WarmStart): StudySpec {
  return {
    ...(warm ? { prior: warm.trials } : {}),
    name: exp.name,
    space: exp.space,
    direction: exp.objective.direction,
    metric: exp.objective.metric,
    strategy: { config: exp.strategy, instance: exp.instances.strategy },
    pruner: { config: exp.pruner, instance: exp.instances.pruner },
    storage,
    ownsStorage: false,
    stale: { intervalSeconds: exp.heartbeat.intervalSeconds, graceSeconds: exp.heartbeat.graceSeconds, retryFailed: exp.retryFailed },
    settings: {
      trainer: trainerSettings(exp.trainer),
      budget: exp.budget,
      parallel: exp.parallel,
    },
  }
}

/** The trainer as the study's settings keep it (for reports and resumes). */
function trainerSettings(t: Experiment['trainer']): unknown {
  if (t.type === 'builtin') return { builtin: t.name, options: t.options }
  if (t.type === 'module') return { module: t.file, export: t.module.export, options: t.options }
  return t.spec
}
