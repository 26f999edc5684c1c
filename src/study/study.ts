import pLimit from 'p-limit'
import { DuplicateTrialError, StrategyExhaustedError, TrialFinishedError, ValidationError } from '../errors.js'
import type { Pruner } from '../pruners/types.js'
import { checkParams } from '../space/check-params.js'
import type { Params, SearchSpace } from '../space/types.js'
import { EXHAUSTED, type Strategy } from '../strategies/types.js'
import type { StaleOptions, Storage } from '../storage/types.js'
import { workerId } from '../storage/worker-id.js'
import { type BestTrial, bestTrial } from '../trial/best.js'
import type { TrialOutcome } from '../trial/outcome.js'
import { releasesKey } from '../trial/state.js'
import type { Direction, IntermediateValue, StudyRecord, TrialRecord } from '../trial/types.js'
import { createRng, deriveSeed } from '../util/rng.js'
import { applyChanges } from '../storage/change-log.js'
import { trialHandle } from './handle.js'
import { type OptimizeEnd, optimize } from './optimize.js'
import { toOutcome } from './tell.js'
import type { ModuleOptimizeOptions, Objective, OptimizeOptions, TellResult, Trial } from './types.js'

/** What a study is made of, each part already parsed and validated (createStudy and the sweep runner build them). */
export interface StudyParts {
  readonly record: StudyRecord
  readonly space: SearchSpace
  readonly strategy: Strategy
  readonly pruner: Pruner
  readonly storage: Storage
  /** Whether the study opened the store (and closes it). */
  readonly ownsStorage: boolean
  readonly stale?: StaleOptions
  /** Another study's trials the strategy sees before this one's (warm start; see warm-start.ts). Never stored. */
  readonly prior?: readonly TrialRecord[]
}

/**
 * A study: one search over one space toward one objective, its history in a Storage.
 * The only place where storage, strategy and pruner meet.
 */
export class Study<P extends Params = Params> {
  readonly record: StudyRecord
  readonly space: SearchSpace
  readonly strategy: Strategy
  readonly pruner: Pruner
  readonly storage: Storage
  private readonly ownsStorage: boolean
  private readonly stale: StaleOptions
  /** This process's copy of the trials, brought up to date in place by sync() (see there). */
  private readonly cache: TrialRecord[] = []
  private cursor: string | undefined
  /** What `trials` last handed out; dropped whenever the copy changes. */
  private snapshot: readonly TrialRecord[] | undefined
  private readonly askLock = pLimit(1)
  /** Reports of the trials this process runs (handed out by ask, not yet told), so that a prune decision sees a report before the store has it. */
  private readonly reports = new Map<number, IntermediateValue[]>()
  /** Trials whose shouldPrune() said yes: an objective that then returns (rather than throws) ends them as pruned. */
  private readonly pruneSaid = new Set<number>()
  private heartbeat: NodeJS.Timeout | undefined
  private stopFlag = false
  /**
   * On a store shared by several workers, each worker draws from its own stream: workers that read the same
   * history would otherwise propose the same configuration. A store of one process stays reproducible from the seed.
   */
  private readonly salt: string
  private readonly prior: readonly TrialRecord[]

  constructor(parts: StudyParts) {
    this.record = parts.record
    this.space = parts.space
    this.strategy = parts.strategy
    this.pruner = parts.pruner
    this.storage = parts.storage
    this.ownsStorage = parts.ownsStorage
    this.stale = parts.stale ?? {}
    this.salt = this.storage.shared ? `/${workerId()}` : ''
    this.prior = parts.prior ?? []
  }

  get name(): string {
    return this.record.name
  }
  get direction(): Direction {
    return this.record.direction
  }
  /** Every trial so far (as of the last ask, tell or refresh), ordered by number; an array that never changes later. */
  get trials(): readonly TrialRecord[] {
    this.snapshot ??= this.cache.slice()
    return this.snapshot
  }
  /** The best complete trial. */
  get best(): BestTrial | undefined {
    return bestTrial(this.cache, this.record.direction)
  }

  async refresh(): Promise<readonly TrialRecord[]> {
    await this.sync()
    return this.trials
  }

  /**
   * Brings the copy of the trials up to date. On a store with getTrialsSince this costs the trials changed since the
   * last sync, not the history (a 50,000-trial study would otherwise copy 50,000 records three times per ask + tell);
   * the strategy and the pruner get the copy itself, which they read synchronously, and `trials` copies it only when read.
   */
  private async sync(): Promise<readonly TrialRecord[]> {
    if (this.storage.getTrialsSince) {
      const changes = await this.storage.getTrialsSince(this.record.name, this.cursor)
      this.cursor = changes.cursor
      if (!changes.reset && changes.trials.length === 0) return this.cache
      applyChanges(this.cache, changes)
    } else {
      applyChanges(this.cache, { trials: await this.storage.getTrials(this.record.name), reset: true, cursor: '' })
    }
    this.snapshot = undefined
    return this.cache
  }

  /**
   * Proposes the next configuration and records it as a running trial: a queued (waiting) trial first, else the
   * strategy's proposal. Throws StrategyExhaustedError when a finite strategy has nothing left. A `detached` trial is
   * told by another process later (`tunekit ask`; see TrialInit.detached).
   */
  ask(options: { readonly detached?: boolean } = {}): Promise<Trial<P>> {
    return this.askTrial(options) as Promise<Trial<P>>
  }

  private askTrial(options: { readonly detached?: boolean } = {}): Promise<Trial> {
    const detached = options.detached ? { detached: true } : {}
    return this.askLock(async () => {
      await this.failStaleTrials()
      const claimed = await this.storage.claimWaiting(this.record.name, detached)
      if (claimed) {
        await this.sync()
        return this.handle(claimed)
      }
      // Another process may take the same grid cell between our read and our write: the store refuses it, we look again.
      for (let attempt = 0; ; attempt++) {
        const trials = await this.sync()
        const number = trials.length === 0 ? 0 : trials[trials.length - 1]!.number + 1
        const ctx = {
          space: this.space,
          direction: this.record.direction,
          trials: this.prior.length > 0 ? [...this.prior, ...trials] : trials,
          rng: createRng(`${this.record.seed}/ask/${number}${this.salt}${attempt > 0 ? `/${attempt}` : ''}`),
          number,
          seed: this.record.seed,
        }
        const proposal = this.strategy.ask(ctx)
        if (proposal === EXHAUSTED) throw new StrategyExhaustedError(this.strategy.name)
        const uniqueKey = this.strategy.uniqueKey?.(proposal, ctx)
        try {
          const record = await this.storage.createTrial(this.record.name, {
            params: proposal,
            seed: deriveSeed(this.record.seed, 'trial', `${number}${this.salt}`),
            strategy: this.strategy.proposer?.(ctx) ?? this.strategy.name,
            ...(uniqueKey !== undefined ? { uniqueKey } : {}),
            ...detached,
          })
          await this.sync()
          return this.handle(record)
        } catch (e) {
          if (!(e instanceof DuplicateTrialError) || attempt >= 20) throw e
        }
      }
    })
  }

  /** Queues a configuration to be tried next (before the strategy is asked again), like Optuna's enqueue_trial. */
  async enqueue(params: Params): Promise<TrialRecord> {
    const checked = checkParams(this.space, params)
    if (checked.problems.length > 0) throw new ValidationError('INVALID_ARGUMENT', `enqueue: ${checked.problems.join('; ')}`)
    const trials = await this.refresh()
    const number = trials.length === 0 ? 0 : trials[trials.length - 1]!.number + 1
    const record = await this.storage.createTrial(this.record.name, {
      params: checked.params,
      seed: deriveSeed(this.record.seed, 'trial', number),
      strategy: 'enqueued',
      state: 'waiting',
    })
    await this.refresh()
    return record
  }

  /**
   * Ends a trial: a number (complete), or an outcome. NaN or infinite values end it as failed.
   * On a file store the change is written with the next coalesced write: `flush()` or `close()` waits for it.
   */
  async tell(trial: Trial | TrialRecord | number, result: TellResult): Promise<TrialRecord> {
    const number = typeof trial === 'number' ? trial : trial.number
    const done = await this.storage.finishTrial(this.record.name, number, this.withPrunedValue(number, toOutcome(result)))
    this.forget(number)
    await this.sync()
    return done
  }

  /**
   * tell(), except that a trial another worker already failed as lost (its heartbeats stopped for longer than the grace
   * period) is left as it is: the late result is dropped and the stored record returned, instead of an error.
   */
  async tellUnlessLost(trial: Trial | TrialRecord | number, result: TellResult): Promise<TrialRecord> {
    const number = typeof trial === 'number' ? trial : trial.number
    try {
      return await this.tell(trial, result)
    } catch (e) {
      const stored = (await this.refresh()).find((t) => t.number === number)
      if (e instanceof TrialFinishedError && stored && releasesKey(stored)) {
        this.forget(number)
        return stored
      }
      throw e
    }
  }

  /**
   * Runs the objective on `trials` new trials, `parallel` at a time. Stops cleanly when a grid is exhausted, an
   * early-stopping rule (options.stop) says so, or a callback stops the study; the result says which rule stopped it.
   */
  optimize(objective: Objective<P>, options: OptimizeOptions): Promise<OptimizeEnd>
  /** Runs the trainer a module exports (a URL or path) on `parallel` worker threads: truly parallel, CPU-bound training. */
  optimize(module: URL | string, options: ModuleOptimizeOptions): Promise<OptimizeEnd>
  optimize(objective: Objective<P> | URL | string, options: ModuleOptimizeOptions): Promise<OptimizeEnd> {
    return optimize(this as Study, objective as Objective | URL | string, options)
  }

  /** Stops the optimize call under way from launching more trials (running ones finish); for callbacks, like Optuna's study.stop(). */
  stop(): void {
    this.stopFlag = true
  }
  get stopRequested(): boolean {
    return this.stopFlag
  }
  clearStop(): void {
    this.stopFlag = false
  }

  /** Whether this process's pruner said a trial should stop (an objective that then returns ends it as pruned). */
  pruneRequested(number: number): boolean {
    return this.pruneSaid.has(number)
  }

  /** Fails the trials whose runner is gone (see Storage.failStaleTrials); ask does it too. Returns their numbers. */
  failStaleTrials(): Promise<number[]> {
    return this.storage.failStaleTrials(this.record.name, this.stale)
  }

  /** Resolves once every trial change so far is durable in the store (a file store coalesces its writes). */
  async flush(): Promise<void> {
    await this.storage.flush()
  }

  /** Flushes the store, and closes it if this study opened it. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat)
    if (this.ownsStorage) await this.storage.close()
    else await this.storage.flush()
  }

  private handle(record: TrialRecord): Trial {
    const reports: IntermediateValue[] = []
    this.reports.set(record.number, reports)
    this.startHeartbeat()
    return trialHandle(record, reports, {
      report: (step, value, metrics) => this.storage.reportIntermediate(this.record.name, record.number, step, value, metrics),
      shouldPrune: (current) => {
        const stored = this.cache.find((t) => t.number === record.number) ?? record
        const prune = this.pruner.shouldPrune({ ...stored, intermediate: current }, this.cache, this.record.direction)
        if (prune) this.pruneSaid.add(record.number)
        return prune
      },
    })
  }

  private forget(number: number): void {
    this.reports.delete(number)
    this.pruneSaid.delete(number)
  }

  /** A pruned trial's value is its last report (this process's, which the store may not have yet). */
  private withPrunedValue(number: number, o: TrialOutcome): TrialOutcome {
    if (o.state !== 'pruned' || (o.value !== undefined && o.value !== null)) return o
    const local = this.reports.get(number)
    const stored = this.cache.find((x) => x.number === number)
    const last = local?.[local.length - 1] ?? stored?.intermediate[stored.intermediate.length - 1]
    return { ...o, value: last?.value ?? null }
  }

  /** Trials handed out by ask send heartbeats until they are told, so other workers never take them for lost. */
  private startHeartbeat(): void {
    if (this.heartbeat || !this.storage.heartbeat || !this.storage.shared) return
    const seconds = this.stale.intervalSeconds ?? (this.stale.graceSeconds ?? 60) / 4
    this.heartbeat = setInterval(() => {
      if (this.reports.size > 0) void this.storage.heartbeat?.(this.record.name, [...this.reports.keys()]).catch(() => {})
    }, seconds * 1000)
    this.heartbeat.unref()
  }
}
