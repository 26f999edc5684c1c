import type { Metrics } from './types.js'

/** How the overfitting flag is decided; see `overfittingOnset`. */
export interface OverfittingRule {
  /** The last validation loss must exceed the best one by this fraction. */
  readonly minRise: number
  /** ...with at least this many epochs after the best one. */
  readonly minEpochs: number
}

export const DEFAULT_OVERFITTING_RULE: OverfittingRule = { minRise: 0.1, minEpochs: 3 }

/**
 * The epoch (1-based) from which a run overfits: validation loss rose while training loss kept falling. Found from
 * the best validation epoch b: the run overfits from b + 1 when the final validation loss is above the best by
 * `minRise` (relative), at least `minEpochs` epochs came after b, and the training loss at the end is below its value
 * at b. Undefined when it does not overfit (or the curves are too short).
 */
export function overfittingOnset(train: readonly number[], val: readonly number[], rule: OverfittingRule = DEFAULT_OVERFITTING_RULE): number | undefined {
  const n = Math.min(train.length, val.length)
  if (n < rule.minEpochs + 1) return undefined
  let best = 0
  for (let i = 1; i < n; i++) if (val[i]! < val[best]!) best = i
  const last = n - 1
  if (last - best < rule.minEpochs) return undefined
  if (!(val[last]! > val[best]! * (1 + rule.minRise))) return undefined
  if (!(train[last]! < train[best]!)) return undefined
  return best + 2
}

/** `generalization_gap` (final validation minus training loss) and `overfit_epoch` when the run overfits. */
export function overfittingMetrics(train: readonly number[], val: readonly number[]): Metrics {
  if (train.length === 0 || val.length === 0) return {}
  const onset = overfittingOnset(train, val)
  const gap = val[val.length - 1]! - train[train.length - 1]!
  return onset === undefined ? { generalization_gap: gap } : { generalization_gap: gap, overfit_epoch: onset }
}
