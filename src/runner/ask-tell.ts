import { StrategyExhaustedError, UnknownTrialError } from '../errors.js'
import type { Experiment } from '../experiment/types.js'
import type { Storage } from '../storage/types.js'
import { openStorageWaiting } from '../storage/wait.js'
import { openStudy } from '../study/open.js'
import { earlyStop } from '../study/stopping.js'
import type { Study } from '../study/study.js'
import type { TellResult } from '../study/types.js'
import type { Params } from '../space/types.js'
import type { TrialRecord } from '../trial/types.js'
import { countsTowardBudget } from './budget.js'
import { experimentWarmStart, sweepStudySpec } from './study-spec.js'
import type { WarmStart } from '../study/warm-start.js'

/**
 * Ask and tell from short-lived processes (`tunekit ask`, `tell`, `report-step`): each call opens the store (waiting
 * for a file store's writer's lock), opens the experiment's study, does one thing, makes it durable and closes.
 */
export interface AskTellOptions {
  /** How long to wait for a file store's writer's lock (seconds). */
  readonly waitSeconds: number
}

/** A trial handed out, or why there is none. */
export type AskAnswer =
  | { readonly kind: 'trial'; readonly number: number; readonly params: Params; readonly seed: number }
  | { readonly kind: 'none'; readonly reason: 'budget' | 'busy' | 'exhausted' | 'target' | 'patience'; readonly message: string }

/**
 * Creates a running, detached trial (its heartbeat is the store's clock at creation; like any trial it is failed as
 * lost once older than heartbeat.graceSeconds, unless told or reported first). The budget is checked in the same
 * exclusive section as the creation (the writer's lock on lowdb, an advisory lock on PostgreSQL), so concurrent askers
 * never hand out more trials than the budget of finished trials leaves room for.
 */
export async function askTrial(exp: Experiment, options: AskTellOptions): Promise<AskAnswer> {
  const warm = await experimentWarmStart(exp)
  return withStudy(exp, { ...options, warm }, async (study, storage) => {
    const go = async (): Promise<AskAnswer> => {
      await study.failStaleTrials()
      const trials = await study.refresh()
      const early = earlyStop(trials, exp.objective.direction, exp.budget)
      if (early) return { kind: 'none', reason: early.reason, message: `stopped early: ${early.message}` }
      const finished = trials.filter(countsTowardBudget).length
      const running = trials.filter((t) => t.state === 'running' || t.state === 'waiting').length
      if (finished >= exp.budget.trials) return { kind: 'none', reason: 'budget', message: `the budget of ${exp.budget.trials} finished trials is met` }
      if (finished + running >= exp.budget.trials) {
        return {
          kind: 'none',
          reason: 'busy',
          message: `${finished} finished and ${running} running trials fill the budget of ${exp.budget.trials}; ask again if one of them fails`,
        }
      }
      try {
        const trial = await study.ask({ detached: true })
        await study.flush()
        return { kind: 'trial', number: trial.number, params: trial.params, seed: trial.seed }
      } catch (e) {
        if (e instanceof StrategyExhaustedError) return { kind: 'none', reason: 'exhausted', message: e.message }
        throw e
      }
    }
    return storage.exclusive ? storage.exclusive(exp.name, go) : go()
  })
}

/** Ends a trial handed out by askTrial (or any running trial of the study). Refused for a finished or unknown one. */
export async function tellTrial(exp: Experiment, number: number, result: TellResult, options: AskTellOptions): Promise<TrialRecord> {
  return withStudy(exp, options, async (study) => {
    known(study, number)
    const done = await study.tell(number, result)
    await study.flush()
    return done
  })
}

/**
 * Records an intermediate value of a running trial (and renews its heartbeat), then asks the study's pruner:
 * `prune` true means the trial should stop (its runner then tells it as pruned).
 */
export async function reportStep(exp: Experiment, number: number, step: number, value: number, options: AskTellOptions): Promise<{ prune: boolean }> {
  return withStudy(exp, options, async (study, storage) => {
    known(study, number)
    await storage.reportIntermediate(exp.name, number, step, value, { [exp.objective.metric]: value })
    await storage.heartbeat?.(exp.name, [number])
    const trials = await study.refresh()
    const trial = trials.find((t) => t.number === number)!
    await study.flush()
    return { prune: study.pruner.shouldPrune(trial, trials, exp.objective.direction) }
  })
}

function known(study: Study, number: number): void {
  if (!study.trials.some((t) => t.number === number)) throw new UnknownTrialError(number, study.name)
}

async function withStudy<T>(
  exp: Experiment,
  options: AskTellOptions & { warm?: WarmStart | undefined },
  fn: (study: Study, storage: Storage) => Promise<T>,
): Promise<T> {
  const storage = await openStorageWaiting(exp.storage, options.waitSeconds)
  try {
    const study = await openStudy(sweepStudySpec(exp, storage, options.warm))
    try {
      return await fn(study, storage)
    } finally {
      await study.close()
    }
  } finally {
    await storage.close()
  }
}
