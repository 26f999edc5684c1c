import type { Factory } from '../util/registry.js'
import type { Direction, TrialRecord } from '../trial/types.js'

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

/** Creates a pruner from its options, validated against `optionsSchema` (and `optionsIssues`) first. */
export type PrunerFactory<Options = Readonly<Record<string, unknown>>> = Factory<Options, Pruner>
