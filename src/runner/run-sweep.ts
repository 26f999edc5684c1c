import { StoreError, TunekitError } from '../errors.js'
import type { Experiment } from '../experiment/types.js'
import { openStorage } from '../storage/index.js'
import type { Storage } from '../storage/types.js'
import { runLoop } from '../study/loop.js'
import { openStudy } from '../study/open.js'
import { experimentWarmStart, sweepStudySpec } from './study-spec.js'
import type { Study } from '../study/study.js'
import type { Trial } from '../study/types.js'
import type { WarmStart } from '../study/warm-start.js'
import { failed } from '../trial/outcome.js'
import { countsTowardBudget, SweepBudget } from './budget.js'
import type { SweepListener, SweepSummary } from './events.js'
import { killGroupsOfDeadRuns } from './command/index.js'
import { createExecutor, type Executor } from './executors/index.js'
import { moveAside } from './fresh.js'
import { Notifier } from './notify.js'
import type { ReportEvent } from './types.js'

export interface SweepOptions {
  /** Start over: the old store is moved aside (never deleted). */
  readonly fresh?: boolean
  /** Aborting stops launching trials, stops the running ones (they end as fail: interrupted) and closes the store. */
  readonly signal?: AbortSignal
  readonly onEvent?: SweepListener
  /** Take over a store lock whose owner is gone, also one on another host (`--take-over`). */
  readonly takeOver?: boolean
}

/**
 * Runs an experiment until its budget of finished trials, its time budget, an exhausted grid, too many failures
 * or an interrupt; continues the stored study when its store exists.
 */
export async function runSweep(exp: Experiment, options: SweepOptions = {}): Promise<SweepSummary> {
  const emit: SweepListener = options.onEvent ?? (() => {})
  const started = Date.now()
  const takeOver = options.takeOver ?? false
  if (options.fresh) moveAside(exp.storage, { takeOver })
  const storage = await openStorage(exp.storage, { takeOver })
  const { study, executor, interrupted, warm } = await prepare(exp, storage)
  emit({
    type: 'start',
    ...(warm ? { warm } : {}),
    experiment: exp,
    resumed: study.trials.length,
    interrupted,
    finished: study.trials.filter(countsTowardBudget).length,
  })

  const abort = new AbortController()
  const onAbort = (): void => abort.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) abort.abort()
  const budget = new SweepBudget(exp, abort.signal, started)
  const wake = new Wakeup(abort.signal)
  const notifier = new Notifier(exp, (message) => emit({ type: 'warning', message }))
  const view = { refresh: () => study.refresh(), failStaleTrials: () => study.failStaleTrials(), changed: (ms: number) => wake.wait(ms) }

  let failure: unknown
  try {
    const end = await runLoop(study, exp.parallel, {
      next: (asking) => budget.next(view, asking),
      started: async (trial) => {
        // The trial's number is on disk before its trainer starts: a crash never hands the same number out twice.
        await study.flush()
        emit({ type: 'trial-start', number: trial.number, params: trial.params })
      },
      run: (trial) =>
        executor.run(
          { number: trial.number, params: trial.params, seed: trial.seed, experiment: exp.name, metric: exp.objective.metric },
          { onReport: (event) => onReport(exp, trial, event), signal: abort.signal },
        ),
      // A slot that fails (the store went away, say) stops the others before anything is closed under them.
      failure: (e) => {
        abort.abort()
        return failed('runner error', e instanceof Error ? e.message : String(e))
      },
      finished: async (record) => {
        // Announced as finished only once it is on disk.
        await study.flush()
        budget.finished(record)
        const best = study.best
        if (record.state === 'complete' && best?.number === record.number)
          notifier.send({ event: 'best', experiment: exp.name, metric: exp.objective.metric, trial: record })
        emit({ type: 'trial-end', trial: record, best })
        wake.notify()
        return undefined
      },
    }).catch((e: unknown) => {
      abort.abort()
      return { reason: 'error' as const, error: e }
    })
    if (end.reason === 'exhausted') budget.stop ??= 'exhausted'
    if (end.reason === 'error') failure = end.error
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    await executor.close()
    await study.refresh().catch(() => {})
    await study.close()
    await storage.close().catch(() => {})
  }
  if (failure !== undefined) throw storeLost(failure)
  const summary: SweepSummary = {
    reason: budget.stop ?? (abort.signal.aborted ? 'interrupted' : 'budget'),
    ...(budget.stopMessage !== undefined ? { stopMessage: budget.stopMessage } : {}),
    trials: study.trials,
    best: study.best,
    storage: storage.location,
    elapsedMs: Date.now() - started,
    done: study.trials.filter(countsTowardBudget).length,
  }
  const bestRecord = summary.best ? (summary.trials.find((t) => t.number === summary.best!.number) ?? null) : null
  notifier.send({ event: 'end', experiment: exp.name, metric: exp.objective.metric, reason: summary.reason, trial: bestRecord, done: summary.done })
  await notifier.drain()
  emit({ type: 'end', summary })
  return summary
}

/** Opens the experiment's study in the store, fails what a dead run left running, and starts the executor. */
async function prepare(exp: Experiment, storage: Storage): Promise<{ study: Study; executor: Executor; interrupted: number[]; warm: WarmStart | undefined }> {
  const warm = await experimentWarmStart(exp).catch(async (e: unknown) => {
    await storage.close()
    throw e
  })
  const study = await openStudy(sweepStudySpec(exp, storage, warm)).catch(async (e: unknown) => {
    await storage.close()
    throw e
  })
  try {
    // Trainers of a tunekit process that was SIGKILLed (and its supervisor with it) stop before anything runs.
    killGroupsOfDeadRuns()
    const interrupted = await study.failStaleTrials()
    await study.refresh()
    return { study, executor: await createExecutor(exp), interrupted, warm }
  } catch (e) {
    await study.close()
    await storage.close()
    throw e
  }
}

/** A report from a running trial: recorded as an intermediate value when it carries a step; true asks the run to stop. */
function onReport(exp: Experiment, trial: Trial, event: ReportEvent): boolean {
  const value = event.metrics[exp.objective.metric]
  if (event.step === undefined || typeof value !== 'number' || !Number.isFinite(value)) return false
  void trial.report(event.step, value, event.metrics).catch(() => {})
  return trial.shouldPrune()
}

/** The store was fine when the sweep started: losing it now is a failed run (exit 1), not invalid input. */
function storeLost(e: unknown): unknown {
  if (!(e instanceof TunekitError) || e.code !== 'STORE_UNREADABLE') return e
  return new StoreError('STORE_FAILED', `${e.message} (during the sweep: finished trials are kept; run the same command again to resume)`, { cause: e })
}

/** Lets a slot that waits for other workers' trials wake up as soon as one of this process's trials ends. */
class Wakeup {
  private waiters = new Set<() => void>()

  constructor(private readonly signal: AbortSignal) {}

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        this.signal.removeEventListener('abort', done)
        this.waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.signal.addEventListener('abort', done, { once: true })
      this.waiters.add(done)
    })
  }

  notify(): void {
    for (const w of [...this.waiters]) w()
  }
}
