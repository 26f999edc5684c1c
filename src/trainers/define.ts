import type { Issue } from '../errors.js'
import type { Metrics, TrainContext, Trainer, TrainerParam } from './types.js'

/**
 * Marks what defineTrainer made. A registered symbol, so that a trainer built with another copy of tunekit (a user's
 * node_modules next to a global install) is still recognised.
 */
export const TRAINER_BRAND: unique symbol = Symbol.for('tunekit.trainer') as never

/** The params a trainer's `train` receives, inferred from its `parameters`: each default's type, widened. */
export type TrainerParams<P extends Readonly<Record<string, TrainerParam>>> = {
  -readonly [K in keyof P]: P[K]['default'] extends number
    ? number
    : P[K]['default'] extends boolean
      ? boolean
      : P[K]['default'] extends string
        ? string
        : never
}

/** What a user writes: a Trainer without the parts tunekit can fill in (name, description, an options schema). */
export interface TrainerDefinition<P extends Readonly<Record<string, TrainerParam>>, O extends Readonly<Record<string, unknown>>> {
  /** Shown in messages; default: the module file's name. */
  readonly name?: string
  readonly description?: string
  /** Every parameter it understands, with its default: a space naming any other is refused before a run. */
  readonly parameters: P
  /** The metrics it reports: an experiment's objective metric must be one of them. */
  readonly metrics: readonly string[]
  /** JSON Schema of `trainer.options` (default: any object). */
  readonly optionsSchema?: object
  /** See Trainer.prepareOptions: runs once on the main thread, before anything runs. */
  prepareOptions?(
    options: Readonly<Record<string, unknown>>,
    baseDir: string,
  ): { readonly options: Readonly<Record<string, unknown>>; readonly issues: readonly Issue[] }
  /**
   * Trains with every parameter filled in (defaults merged) and returns the final metrics. `ctx.report` returns true
   * when the trial is pruned: return (or throw TrialPrunedError) then. A throw fails the trial with its message.
   */
  train(params: TrainerParams<P>, options: O, ctx: TrainContext): Metrics | Promise<Metrics>
}

/** A trainer made by defineTrainer. */
export type DefinedTrainer<P extends Readonly<Record<string, TrainerParam>> = Readonly<Record<string, TrainerParam>>> = Trainer & {
  readonly [TRAINER_BRAND]: true
  /** The parameters with their literal defaults, for typing only. */
  readonly parameters: P
}

/**
 * Defines a trainer a module exports, for `"trainer": {"module": "./my-model.mjs"}` or `study.optimize(url)`. It has
 * the built-in trainers' shape; its params are typed from `parameters` (a default of 0.01 makes the param a number).
 */
export function defineTrainer<
  const P extends Readonly<Record<string, TrainerParam>>,
  O extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>,
>(def: TrainerDefinition<P, O>): DefinedTrainer<P> {
  const issues = definitionIssues(def)
  if (issues.length > 0) throw new TypeError(`defineTrainer: ${issues.join('; ')}`)
  return {
    [TRAINER_BRAND]: true,
    name: def.name ?? 'trainer',
    description: def.description ?? '',
    parameters: def.parameters,
    metrics: def.metrics,
    optionsSchema: def.optionsSchema ?? { type: 'object' },
    ...(def.prepareOptions ? { prepareOptions: def.prepareOptions.bind(def) } : {}),
    train: def.train.bind(def) as Trainer['train'],
  }
}

/** What is wrong with a value meant as a trainer (empty when it has the Trainer shape). */
export function definitionIssues(x: unknown): string[] {
  if (typeof x !== 'object' || x === null) return [`is ${x === null ? 'null' : typeof x}, not a trainer (export defineTrainer({...}))`]
  const t = x as Record<string, unknown>
  const out: string[] = []
  if (typeof t.train !== 'function') out.push('has no train(params, options, ctx) function')
  if (typeof t.parameters !== 'object' || t.parameters === null) out.push('has no parameters object ({ name: { default, description } })')
  else {
    for (const [k, p] of Object.entries(t.parameters)) {
      const d = (p as { default?: unknown } | null)?.default
      if (!['number', 'string', 'boolean'].includes(typeof d)) out.push(`parameter "${k}" has no default (a number, string or boolean)`)
    }
  }
  if (!Array.isArray(t.metrics) || !t.metrics.every((m) => typeof m === 'string') || t.metrics.length === 0)
    out.push('has no metrics (a non-empty array of the metric names it reports)')
  return out
}

/** A value with the Trainer shape as a Trainer, its missing name, description and options schema filled in. */
export function asTrainer(x: unknown, name: string): Trainer {
  const t = x as Trainer
  return {
    ...t,
    name: typeof t.name === 'string' && t.name !== 'trainer' ? t.name : name,
    description: t.description ?? '',
    optionsSchema: t.optionsSchema ?? { type: 'object' },
    train: t.train.bind(t),
    ...(t.prepareOptions ? { prepareOptions: t.prepareOptions.bind(t) } : {}),
  }
}
