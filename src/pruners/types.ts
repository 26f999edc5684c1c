import type { Issue } from '../errors.js'
import type { Direction, TrialRecord } from '../study/types.js'

/** A pruner as configured in an experiment: `{"name": "median", "startupTrials": 5}`. */
export interface PrunerConfig {
  readonly name: string
  readonly [option: string]: unknown
}

/**
 * When to stop a running trial early. A pure function of the stored history: it keeps no state the history
 * cannot rebuild, so a resumed sweep, or a second worker on another machine, makes the same decisions.
 */
export interface Pruner {
  readonly name: string
  /**
   * Called after each intermediate report of a running trial, once the report is recorded: whether to stop
   * the trial now. `trial.intermediate` ends with the report just made. `history` holds every trial of the
   * study in any state and may hold `trial` itself (a pruner ignores that entry by number).
   */
  shouldPrune(trial: TrialRecord, history: readonly TrialRecord[], direction: Direction): boolean
}

/** Creates a pruner from its options (validated against `optionsSchema`, then `optionsIssues`, first). */
export interface PrunerFactory {
  readonly description: string
  /** JSON Schema of the options besides `name`; property descriptions are quoted in error messages. */
  readonly optionsSchema: object
  /**
   * Called during validation, only when the options pass `optionsSchema`: problems a schema cannot
   * express (one option against another), with paths relative to the options object.
   */
  optionsIssues?(options: Readonly<Record<string, unknown>>): Issue[]
  /** Called once per study (and again on resume) with valid options; defaults are the factory's to apply. */
  create(options: Readonly<Record<string, unknown>>): Pruner
}
