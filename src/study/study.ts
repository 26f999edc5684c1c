import pLimit from 'p-limit'
import { DuplicateTrialError, StrategyExhaustedError, TrialFinishedError, TunekitError } from '../errors.js'
import { createRng, deriveSeed, randomSeed } from '../rng.js'
import { loadSpaceFile, parseSpace } from '../space/parse.js'
import type { Params, SearchSpace, SearchSpaceInput } from '../space/types.js'
import { createPruner, type Pruner, type PrunerConfig } from '../pruners/index.js'
import { createStrategy, EXHAUSTED, type Strategy } from '../strategies/index.js'
import { isValidValue } from '../space/transform.js'
import { isActive } from '../space/conditions.js'
import { openStorage, type StaleOptions, type Storage } from '../storage/index.js'
import { workerId } from '../storage/worker-id.js'
import { bestTrial, type BestTrial } from './best.js'
import { checkCompatible } from './compatible.js'
import { optimize } from './optimize.js'
import { releasesKey } from './state.js'
import type { Direction, IntermediateValue, StrategyConfig, StudyRecord, TrialError, TrialOutcome, TrialRecord } from './types.js'

export interface StudyOptions {
  /** The study's name in its store (default "default"). */
  readonly name?: string
  /** A space object in the file format, or a path to a space file. */
  readonly space: SearchSpaceInput | string
  readonly direction?: Direction
  /** The objective metric's name, for reports (default "value"). */
  readonly metric?: string
  readonly strategy?: StrategyConfig
  /** When to stop bad trials early, e.g. { name: 'median', startupTrials: 5 } (default none). */
  readonly pruner?: PrunerConfig
  /** ":memory:" (default), a path to a lowdb JSON file, or an open Storage. */
  readonly storage?: string | Storage
  /** Stored with the study for reports and resumes. */
  readonly settings?: Readonly<Record<string, unknown>>
  /** When a running trial counts as lost (stores with heartbeats) and whether it is retried. */
  readonly stale?: StaleOptions
}

/** A trial handed out by ask(). */
export interface Trial {
  readonly number: number
  /** Active parameters only. */
  readonly params: Params
  /** The per-trial seed (derived from the study seed and the number). */
  readonly seed: number
  /** Records an intermediate value (an epoch's validation loss, say). */
  report(step: number, value: number, metrics?: Readonly<Record<string, number>>): Promise<void>
  /** Whether the study's pruner would stop this trial now, given its reports so far (always false without a pruner). */
  shouldPrune(): boolean
}

/** What tell() accepts: the objective value, or an outcome. */
export type TellResult =
  | number
  | { readonly state: 'complete'; readonly value: number; readonly metrics?: Readonly<Record<string, number>> }
  | { readonly state: 'fail'; readonly error?: string | TrialError; readonly metrics?: Readonly<Record<string, number>> }
  | { readonly state: 'pruned'; readonly value?: number }

export interface OptimizeOptions {
  /** How many trials this call runs (Optuna's n_trials). */
  readonly trials: number
  /** How many objective calls run at once (default 1). */
  readonly parallel?: number
  /** Stops launching trials after this many seconds. */
  readonly timeoutSeconds?: number
  /** Keep going when the objective throws (the trial fails either way); default false: rethrow, like Optuna. */
  readonly catch?: boolean
}

export type Objective = (params: Params, trial: Trial) => number | Promise<number>

/**
 * A study: one search over one space toward one objective, its history in a Storage.
 * The only place where storage and strategy meet.
 */
export class Study {
  private cache: readonly TrialRecord[] = []
  private readonly askLock = pLimit(1)
  /** Reports of the trials this process runs (handed out by ask, not yet told), so that a prune decision sees a report before the store has it. */
  private readonly reports = new Map<number, IntermediateValue[]>()
  /** Trials whose shouldPrune() said yes: an objective that then returns (rather than throws) ends them as pruned. */
  private readonly pruneSaid = new Set<number>()
  private heartbeat: NodeJS.Timeout | undefined
  /**
   * On a store shared by several workers, each worker draws from its own stream: workers that read the same
   * history would otherwise propose the same configuration. A store of one process stays reproducible from the seed.
   */
  private readonly salt: string

  private constructor(
    readonly record: StudyRecord,
    readonly space: SearchSpace,
    readonly strategy: Strategy,
    readonly storage: Storage,
    private readonly ownsStorage: boolean,
    readonly pruner: Pruner,
    private readonly stale: StaleOptions = {},
  ) {
    this.salt = storage.shared ? `/${workerId()}` : ''
  }

  /** Creates a study, or continues the stored one of the same name. */
  static async create(options: StudyOptions): Promise<Study> {
    const spaceFile = typeof options.space === 'string' ? options.space : undefined
    const space = spaceFile ? loadSpaceFile(spaceFile) : parseSpace(options.space, '<space>')
    const strategyConfig: StrategyConfig = options.strategy ?? { name: 'random' }
    const strategy = createStrategy(strategyConfig)
    const pruner = createPruner(options.pruner)
    const { storage, owns } = await resolveStorage(options.storage)
    try {
      const name = options.name ?? 'default'
      const existing = await storage.getStudy(name)
      const direction = options.direction ?? 'minimize'
      const metric = options.metric ?? 'value'
      if (existing) checkCompatible(existing, { direction, metric, space: space.source }, storage.location)
      const record: StudyRecord = existing ?? {
        name,
        direction,
        metric,
        strategy: strategyConfig,
        space: space.source,
        seed: strategyConfig.seed ?? randomSeed(),
        createdAt: new Date().toISOString(),
        ...(options.settings || options.pruner ? { settings: { ...options.settings, ...(options.pruner ? { pruner: options.pruner } : {}) } } : {}),
      }
      const stored = await storage.createStudy(record)
      // A seed given now wins over the stored one (the same rule as --seed on the CLI).
      const effective: StudyRecord =
        strategyConfig.seed !== undefined ? { ...stored, seed: strategyConfig.seed, strategy: strategyConfig } : { ...stored, strategy: strategyConfig }
      const study = new Study(effective, space, strategy, storage, owns, pruner, options.stale)
      await study.refresh()
      return study
    } catch (e) {
      if (owns) await storage.close()
      throw e
    }
  }

  /** Opens a stored study (its space, direction and strategy come from the store). */
  static async load(options: LoadOptions): Promise<Study> {
    const { storage, owns } = await resolveStorage(options.storage)
    try {
      const studies = await storage.listStudies()
      const name = options.name ?? (studies.length === 1 ? studies[0]!.name : undefined)
      const record = name === undefined ? undefined : await storage.getStudy(name)
      if (!record) {
        throw new TunekitError(
          'STUDY_NOT_FOUND',
          `${storage.location}: no study named "${name ?? ''}" (studies: ${studies.map((s) => s.name).join(', ') || 'none'})`,
        )
      }
      const strategyConfig = options.strategy ?? record.strategy
      const prunerConfig = options.pruner ?? (record.settings?.pruner as PrunerConfig | undefined)
      const study = new Study(
        { ...record, strategy: strategyConfig },
        parseSpace(record.space, storage.location),
        createStrategy(strategyConfig),
        storage,
        owns,
        createPruner(prunerConfig),
      )
      await study.refresh()
      return study
    } catch (e) {
      if (owns) await storage.close()
      throw e
    }
  }

  get name(): string {
    return this.record.name
  }
  get direction(): Direction {
    return this.record.direction
  }
  /** Every trial so far (as of the last ask, tell or refresh), ordered by number. */
  get trials(): readonly TrialRecord[] {
    return this.cache
  }
  /** The best complete trial. */
  get best(): BestTrial | undefined {
    return bestTrial(this.cache, this.record.direction)
  }

  async refresh(): Promise<readonly TrialRecord[]> {
    this.cache = await this.storage.getTrials(this.record.name)
    return this.cache
  }

  /**
   * Proposes the next configuration and records it as a running trial: a queued (waiting) trial first, else the
   * strategy's proposal. Throws StrategyExhaustedError when a finite strategy has nothing left.
   */
  ask(): Promise<Trial> {
    return this.askLock(async () => {
      await this.failStaleTrials()
      const claimed = await this.storage.claimWaiting(this.record.name)
      if (claimed) {
        await this.refresh()
        return this.handle(claimed)
      }
      // Another process may take the same grid cell between our read and our write: the store refuses it, we look again.
      for (let attempt = 0; ; attempt++) {
        const trials = await this.refresh()
        const number = trials.length === 0 ? 0 : trials[trials.length - 1]!.number + 1
        const ctx = {
          space: this.space,
          direction: this.record.direction,
          trials,
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
            strategy: this.strategy.name,
            ...(uniqueKey !== undefined ? { uniqueKey } : {}),
          })
          await this.refresh()
          return this.handle(record)
        } catch (e) {
          if (!(e instanceof DuplicateTrialError) || attempt >= 20) throw e
        }
      }
    })
  }

  /** Queues a configuration to be tried next (before the strategy is asked again), like Optuna's enqueue_trial. */
  async enqueue(params: Params): Promise<TrialRecord> {
    const problems: string[] = []
    const active: Params = {}
    for (const p of this.space.parameters) {
      if (!isActive(p, active)) continue
      if (!(p.name in params)) {
        if (p.type === 'constant') active[p.name] = p.value
        else problems.push(`"${p.name}" is missing`)
        continue
      }
      if (!isValidValue(p, params[p.name])) problems.push(`${JSON.stringify(params[p.name])} is not a valid value of "${p.name}"`)
      active[p.name] = params[p.name]!
    }
    for (const k of Object.keys(params)) if (!(k in active)) problems.push(`"${k}" is not an active parameter of the space`)
    if (problems.length > 0) throw new TunekitError('INVALID_ARGUMENT', `enqueue: ${problems.join('; ')}`)
    const trials = await this.refresh()
    const number = trials.length === 0 ? 0 : trials[trials.length - 1]!.number + 1
    const record = await this.storage.createTrial(this.record.name, {
      params: active,
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
    const done = await this.storage.finishTrial(this.record.name, number, this.outcome(number, result))
    this.reports.delete(number)
    this.pruneSaid.delete(number)
    await this.refresh()
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
        this.reports.delete(number)
        this.pruneSaid.delete(number)
        return stored
      }
      throw e
    }
  }

  /** Runs the objective on `trials` new trials, `parallel` at a time. Stops cleanly when a grid is exhausted. */
  optimize(objective: Objective, options: OptimizeOptions): Promise<void> {
    return optimize(this, objective, options)
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
    const study = this
    const reports: IntermediateValue[] = []
    this.reports.set(record.number, reports)
    this.startHeartbeat()
    return {
      number: record.number,
      params: record.params,
      seed: record.seed,
      report(step, value, metrics) {
        if (!Number.isInteger(step) || step < 0)
          return Promise.reject(new TunekitError('INVALID_ARGUMENT', `report: step must be a non-negative integer, got ${step}`))
        const i = reports.findIndex((r) => r.step === step)
        if (i >= 0) reports.splice(i, 1)
        reports.push({ step, value })
        return study.storage.reportIntermediate(study.record.name, record.number, step, value, metrics)
      },
      shouldPrune() {
        if (reports.length === 0) return false
        const current: TrialRecord = { ...(study.cache.find((t) => t.number === record.number) ?? record), intermediate: [...reports] }
        const prune = study.pruner.shouldPrune(current, study.cache, study.record.direction)
        if (prune) study.pruneSaid.add(record.number)
        return prune
      },
    }
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

  private outcome(number: number, result: TellResult): TrialOutcome {
    if (typeof result === 'number') return valueOutcome(result)
    switch (result.state) {
      case 'complete':
        return valueOutcome(result.value, result.metrics)
      case 'fail': {
        const error = typeof result.error === 'string' || result.error === undefined ? { reason: result.error ?? 'failed' } : result.error
        return { state: 'fail', error, ...(result.metrics ? { metrics: result.metrics } : {}) }
      }
      case 'pruned': {
        const t = this.cache.find((x) => x.number === number)
        const local = this.reports.get(number)
        const last = local?.[local.length - 1] ?? t?.intermediate[t.intermediate.length - 1]
        return { state: 'pruned', value: result.value ?? last?.value ?? null }
      }
    }
  }
}

function valueOutcome(value: number, metrics?: Readonly<Record<string, number>>): TrialOutcome {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { state: 'fail', error: { reason: 'non-finite value', message: `the objective returned ${String(value)}` }, ...(metrics ? { metrics } : {}) }
  }
  return { state: 'complete', value, ...(metrics ? { metrics } : {}) }
}

async function resolveStorage(s: string | Storage | undefined): Promise<{ storage: Storage; owns: boolean }> {
  if (s === undefined || typeof s === 'string') return { storage: await openStorage(s), owns: true }
  return { storage: s, owns: false }
}

export function createStudy(options: StudyOptions): Promise<Study> {
  return Study.create(options)
}

export interface LoadOptions {
  readonly name?: string
  readonly storage: string | Storage
  /** Overrides the stored strategy. */
  readonly strategy?: StrategyConfig
  /** Overrides the stored pruner. */
  readonly pruner?: PrunerConfig
}

export function loadStudy(options: LoadOptions): Promise<Study> {
  return Study.load(options)
}
