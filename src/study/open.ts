import { type BuiltinPrunerConfig, createPruner, type Pruner, type PrunerConfig } from '../pruners/index.js'
import { loadSpaceFile, parseSpace } from '../space/parse.js'
import type { ParamsOf } from '../space/infer.js'
import type { SearchSpace, SearchSpaceInput } from '../space/types.js'
import { type BuiltinStrategyConfig, createStrategy } from '../strategies/index.js'
import type { Strategy } from '../strategies/types.js'
import { chooseStudy } from '../storage/choose.js'
import { openStorage } from '../storage/index.js'
import type { StaleOptions, Storage } from '../storage/types.js'
import type { Direction, StrategyConfig, StudyRecord, TrialRecord } from '../trial/types.js'
import { randomSeed } from '../util/rng.js'
import { checkCompatible } from './compatible.js'
import { Study } from './study.js'
import { loadWarmStart } from './warm-start.js'
import type { LoadOptions, SpaceOption, StudyOptions } from './types.js'

/** A study to create or continue, every part parsed and validated already (the sweep runner hands its experiment's). */
export interface StudySpec {
  readonly name: string
  readonly space: SearchSpace
  readonly direction: Direction
  readonly metric: string
  readonly strategy: { readonly config: StrategyConfig; readonly instance: Strategy }
  readonly pruner: { readonly config: PrunerConfig | undefined; readonly instance: Pruner }
  readonly storage: Storage
  /** Whether the study closes the store when it closes. */
  readonly ownsStorage: boolean
  readonly settings?: Readonly<Record<string, unknown>>
  readonly stale?: StaleOptions
  /** Prior trials for the strategy (a warm start, loaded already). */
  readonly prior?: readonly TrialRecord[]
}

/** Creates a study, or continues the stored one of the same name (refused when its space, direction or metric differ). */
export async function openStudy(spec: StudySpec): Promise<Study> {
  const { storage, strategy, pruner } = spec
  try {
    const existing = await storage.getStudy(spec.name)
    if (existing) checkCompatible(existing, { direction: spec.direction, metric: spec.metric, space: spec.space.source }, storage.location)
    const record: StudyRecord = existing ?? newStudyRecord(spec)
    const stored = await storage.createStudy(record)
    // A seed given now wins over the stored one (the same rule as --seed on the CLI).
    const seed = strategy.config.seed ?? stored.seed
    const study = new Study({
      record: { ...stored, seed, strategy: strategy.config },
      space: spec.space,
      strategy: strategy.instance,
      pruner: pruner.instance,
      storage,
      ownsStorage: spec.ownsStorage,
      ...(spec.stale ? { stale: spec.stale } : {}),
      ...(spec.prior ? { prior: spec.prior } : {}),
    })
    await study.refresh()
    return study
  } catch (e) {
    if (spec.ownsStorage) await storage.close()
    throw e
  }
}

/** The record a new study of this spec starts with (its seed drawn when the strategy names none). */
export function newStudyRecord(spec: Omit<StudySpec, 'storage' | 'ownsStorage'>): StudyRecord {
  const { strategy, pruner } = spec
  const settings = spec.settings || pruner.config ? { settings: { ...spec.settings, ...(pruner.config ? { pruner: pruner.config } : {}) } } : {}
  return {
    name: spec.name,
    direction: spec.direction,
    metric: spec.metric,
    strategy: strategy.config,
    space: spec.space.source,
    seed: strategy.config.seed ?? randomSeed(),
    createdAt: new Date().toISOString(),
    ...settings,
  }
}

/**
 * Creates a study, or continues the stored one of the same name: the library's entry point. With a space literal (or
 * defineSpace), the trials' params are typed from it; a literal strategy or pruner config must be a built-in's.
 */
export async function createStudy<
  const S extends SpaceOption,
  const St extends BuiltinStrategyConfig | StrategyConfig = BuiltinStrategyConfig,
  const Pr extends BuiltinPrunerConfig | PrunerConfig = BuiltinPrunerConfig,
>(options: StudyOptions<S, St, Pr>): Promise<Study<ParamsOf<S>>> {
  const space =
    typeof options.space === 'string' ? loadSpaceFile(options.space) : isParsed(options.space) ? options.space : parseSpace(options.space, '<space>')
  const strategyConfig: StrategyConfig = (options.strategy as StrategyConfig | undefined) ?? { name: 'auto' }
  const strategy = { config: strategyConfig, instance: createStrategy(strategyConfig) }
  const prunerConfig = options.pruner as PrunerConfig | undefined
  const pruner = { config: prunerConfig, instance: createPruner(prunerConfig) }
  const prior = options.warmStart ? (await loadWarmStart(space, options.direction ?? 'minimize', options.warmStart)).trials : undefined
  const { storage, owns } = await resolveStorage(options.storage)
  const study = await openStudy({
    name: options.name ?? 'default',
    space,
    direction: options.direction ?? 'minimize',
    metric: options.metric ?? 'value',
    strategy,
    pruner,
    storage,
    ownsStorage: owns,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.stale ? { stale: options.stale } : {}),
    ...(prior ? { prior } : {}),
  })
  // The params are what the space's parameters make (the space was parsed from the same literal the type comes from).
  return study as unknown as Study<ParamsOf<S>>
}

/** Opens a stored study: its space, direction, strategy and pruner come from the store (or the options). */
export async function loadStudy(options: LoadOptions): Promise<Study> {
  const { storage, owns } = await resolveStorage(options.storage)
  try {
    const record = chooseStudy(await storage.listStudies(), options.name, storage.location, 'the `name` option')
    const strategyConfig = options.strategy ?? record.strategy
    const prunerConfig = options.pruner ?? (record.settings?.pruner as PrunerConfig | undefined)
    const study = new Study({
      record: { ...record, strategy: strategyConfig },
      space: parseSpace(record.space, storage.location),
      strategy: createStrategy(strategyConfig),
      pruner: createPruner(prunerConfig),
      storage,
      ownsStorage: owns,
    })
    await study.refresh()
    return study
  } catch (e) {
    if (owns) await storage.close()
    throw e
  }
}

function isParsed(space: SearchSpaceInput | SearchSpace): space is SearchSpace {
  return Array.isArray(space.parameters) && 'byName' in space
}

async function resolveStorage(s: string | Storage | undefined): Promise<{ storage: Storage; owns: boolean }> {
  if (s === undefined || typeof s === 'string') return { storage: await openStorage(s), owns: true }
  return { storage: s, owns: false }
}
