import { existsSync, renameSync } from 'node:fs'
import { StrategyExhaustedError, TunekitError } from '../errors.js'
import type { Experiment } from '../experiment/types.js'
import { isUrl, openStorage } from '../storage/index.js'
import { acquireLock } from '../storage/lock.js'
import { Study, type TellResult, type Trial } from '../study/study.js'
import type { TrialRecord } from '../study/types.js'
import type { StopReason, SweepListener, SweepSummary } from './events.js'
import { createExecutor, type Executor } from './executors/index.js'
import type { ReportEvent, RunOutcome } from './types.js'

export interface SweepOptions {
  /** Start over: the old store is moved aside (never deleted). */
  readonly fresh?: boolean
  /** Aborting stops launching trials, stops the running ones (they end as fail: interrupted) and closes the store. */
  readonly signal?: AbortSignal
  readonly onEvent?: SweepListener
}

/** Finished toward the budget: complete and pruned trials (failures are retried with new trials). */
function counts(t: TrialRecord): boolean {
  return t.state === 'complete' || t.state === 'pruned'
}

/**
 * Runs an experiment until its budget of finished trials, its time budget, an exhausted grid, too many failures
 * or an interrupt; continues the stored study when its store exists.
 */
export async function runSweep(exp: Experiment, options: SweepOptions = {}): Promise<SweepSummary> {
  const emit: SweepListener = options.onEvent ?? (() => {})
  const started = Date.now()
  if (options.fresh) moveAside(exp.storage)
  const storage = await openStorage(exp.storage)
  const stale = { intervalSeconds: exp.heartbeat.intervalSeconds, graceSeconds: exp.heartbeat.graceSeconds, retryFailed: exp.retryFailed }
  let study: Study
  try {
    study = await Study.create({
      name: exp.name,
      space: exp.space.source,
      direction: exp.objective.direction,
      metric: exp.objective.metric,
      strategy: exp.strategy,
      ...(exp.pruner ? { pruner: exp.pruner } : {}),
      storage,
      stale,
      settings: {
        trainer: exp.trainer.type === 'builtin' ? { builtin: exp.trainer.name, options: exp.trainer.options } : exp.trainer.spec,
        budget: exp.budget,
        parallel: exp.parallel,
        ...(exp.pruner ? { pruner: exp.pruner } : {}),
      },
    })
  } catch (e) {
    await storage.close()
    throw e
  }
  let interrupted: number[]
  let executor: Executor
  try {
    interrupted = await study.failStaleTrials()
    await study.refresh()
    executor = await createExecutor(exp)
  } catch (e) {
    await study.close()
    await storage.close()
    throw e
  }
  emit({ type: 'start', experiment: exp, resumed: study.trials.length - interrupted.length, interrupted, finished: study.trials.filter(counts).length })

  const deadline = exp.budget.seconds === undefined ? Infinity : started + exp.budget.seconds * 1000
  const abort = new AbortController()
  const onAbort = (): void => abort.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) abort.abort()
  let asking = 0
  let failures = 0
  let stop: StopReason | undefined
  let wake: (() => void) | undefined

  const nextStop = (): StopReason | undefined => {
    if (abort.signal.aborted) return 'interrupted'
    if (stop) return stop
    if (failures > exp.budget.maxFailures) return 'failures'
    if (Date.now() >= deadline) return 'time'
    return undefined
  }

  /** Waits until a trial of this process ends, or a while for other workers' trials. */
  const changed = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      const prev = wake
      wake = done
      function done(): void {
        clearTimeout(timer)
        abort.signal.removeEventListener('abort', done)
        if (wake === done) wake = undefined
        prev?.()
        resolve()
      }
      abort.signal.addEventListener('abort', done, { once: true })
    })

  const slot = async (): Promise<void> => {
    for (;;) {
      const reason = nextStop()
      if (reason) {
        stop ??= reason
        return
      }
      // The budget is the store's: finished trials of every worker, and those running anywhere may still finish.
      const view = await study.refresh()
      const finished = view.filter(counts).length
      const running = view.filter((t) => t.state === 'running').length
      if (finished >= exp.budget.trials) return
      if (finished + running + asking >= exp.budget.trials) {
        // Enough trials are under way; if one fails, a new one is needed, so wait and look again.
        await study.failStaleTrials()
        await changed(1000)
        continue
      }
      asking++
      let trial: Trial
      try {
        trial = await study.ask()
      } catch (e) {
        if (e instanceof StrategyExhaustedError) {
          stop ??= 'exhausted'
          return
        }
        throw e
      } finally {
        asking--
      }
      // The trial's number is on disk before its trainer starts: a crash never hands the same number out twice.
      await study.flush()
      emit({ type: 'trial-start', number: trial.number, params: trial.params })
      const outcome = await executor.run(
        { number: trial.number, params: trial.params, seed: trial.seed, experiment: exp.name, metric: exp.objective.metric },
        { onReport: (event) => onReport(trial, event), signal: abort.signal },
      )
      const record = await study.tellUnlessLost(trial, tellResult(outcome))
      // Announced as finished only once it is on disk.
      await study.flush()
      if (record.state === 'fail' && record.error?.reason !== 'interrupted') failures++
      emit({ type: 'trial-end', trial: record, best: study.best })
      wake?.()
    }
  }

  const onReport = (trial: Trial, event: ReportEvent): boolean => {
    const value = event.metrics[exp.objective.metric]
    if (event.step !== undefined && typeof value === 'number' && Number.isFinite(value)) {
      void trial.report(event.step, value, event.metrics).catch(() => {})
      return trial.shouldPrune()
    }
    return false
  }

  // A slot that fails (the store went away, say) stops the others before anything is closed under them.
  let failure: unknown
  const guarded = async (): Promise<void> => {
    try {
      await slot()
    } catch (e) {
      failure ??= e
      abort.abort()
    }
  }
  try {
    await Promise.all(Array.from({ length: exp.parallel }, guarded))
    if (failure instanceof TunekitError && failure.code === 'STORE_UNREADABLE') {
      // The store was fine when the sweep started: losing it now is a failed run (exit 1), not invalid input.
      throw new TunekitError('STORE_FAILED', `${failure.message} (during the sweep: finished trials are kept; run the same command again to resume)`, {
        cause: failure,
      })
    }
    if (failure !== undefined) throw failure
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    await executor.close()
    await study.refresh()
    await study.close()
    await storage.close()
  }
  const summary: SweepSummary = {
    reason: stop ?? (abort.signal.aborted ? 'interrupted' : 'budget'),
    trials: study.trials,
    best: study.best,
    storage: storage.location,
    elapsedMs: Date.now() - started,
    done: study.trials.filter(counts).length,
  }
  emit({ type: 'end', summary })
  return summary
}

function tellResult(o: RunOutcome): TellResult {
  switch (o.status) {
    case 'complete':
      return { state: 'complete', value: o.value, metrics: o.metrics }
    case 'pruned':
      return { state: 'pruned' }
    case 'fail':
      return {
        state: 'fail',
        metrics: o.metrics,
        error: {
          reason: o.reason,
          ...(o.message !== undefined ? { message: o.message } : {}),
          ...(o.stdoutTail ? { stdoutTail: o.stdoutTail } : {}),
          ...(o.stderrTail ? { stderrTail: o.stderrTail } : {}),
        },
      }
  }
}

/** Moves a store aside as <name>.<timestamp>.json (never deletes a history). */
function moveAside(location: string): string | undefined {
  if (isUrl(location)) {
    throw new TunekitError(
      'USAGE',
      `--fresh moves a store file aside; ${location} is a database: give the experiment another name (or delete the study there yourself)`,
    )
  }
  if (!existsSync(location)) return undefined
  // Never move a store that another process is writing: take its lock for the move.
  const release = acquireLock(location)
  try {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const target = location.replace(/(\.json)?$/, `.${stamp}.json`)
    renameSync(location, target)
    return target
  } finally {
    release()
  }
}
