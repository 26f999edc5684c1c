import type { Direction, TrialRecord } from '../trial/types.js'
import { furthestBeforeLast, furthestStep, lastIntermediate, valueAtOrPast } from './intermediate.js'

/** The rungs of one successive-halving ladder. */
export interface Rungs {
  readonly minResource: number
  readonly reductionFactor: number
  /** s: the first rung is at minResource·η^s. */
  readonly minEarlyStoppingRate: number
  /** Rungs at or past this step make no decision; undefined: no cap. */
  readonly maxResource: number | undefined
}

/** The step of rung k: minResource·η^(s+k). */
export function rungStep(rungs: Rungs, k: number): number {
  return rungs.minResource * rungs.reductionFactor ** (rungs.minEarlyStoppingRate + k)
}

/** The rung steps at or below `step`, in order. */
export function rungStepsUpTo(rungs: Rungs, step: number): number[] {
  const out: number[] = []
  for (let k = 0; ; k++) {
    const r = rungStep(rungs, k)
    if (!Number.isFinite(r) || r > step) return out
    // A trial that gets to maxResource has run its full budget: it should end complete, not pruned.
    if (rungs.maxResource !== undefined && r >= rungs.maxResource) return out
    out.push(r)
  }
}

/**
 * A trial's value at a rung: what it reported at its first step at or past the rung step. That is the report
 * which reached the rung, so a trial that skipped the exact step (reported 2 and 4 around a rung at 3) is
 * judged, and competes, with its value at 4, as Optuna records it.
 */
export function rungValue(trial: TrialRecord, rung: number): number | undefined {
  return valueAtOrPast(trial, rung)
}

/**
 * Optuna's promotion rule: kept when the value is among the best floor(n/η) of the n values recorded at the
 * rung, itself included, and at least the best one (so the first η-1 trials at a rung need to be the best
 * so far). Ties with the threshold are kept.
 */
export function isPromotable(value: number, competitors: readonly number[], reductionFactor: number, direction: Direction): boolean {
  const all = [...competitors, value].sort((a, b) => a - b)
  const kept = Math.max(1, Math.floor(all.length / reductionFactor))
  return direction === 'minimize' ? value <= all[kept - 1]! : value >= all[all.length - kept]!
}

/**
 * Asynchronous successive halving over `peers` (every trial that may share the ladder; `trial` itself is
 * skipped). Only the report that first gets a trial to a rung decides: between rungs, and at a rung the
 * trial already passed, there is nothing to decide, and a promotion is never taken back (the history is the
 * only record of a promotion: a trial still running past a rung was promoted there). A report that
 * jumps several rungs is judged at each of them with its value. Peers count in any state: a value recorded
 * at a rung stays recorded whatever became of the trial (pruned ones included), as in Optuna.
 */
export function successiveHalvingPrunes(trial: TrialRecord, peers: readonly TrialRecord[], rungs: Rungs, direction: Direction): boolean {
  const last = lastIntermediate(trial)
  if (!last || !Number.isFinite(last.step)) return false
  const before = furthestBeforeLast(trial)
  if (last.step <= before) return false
  const others = peers.filter((t) => t.number !== trial.number)
  for (const rung of rungStepsUpTo(rungs, last.step)) {
    if (rung <= before) continue
    // A NaN at a rung is a diverged run; Optuna prunes it and records nothing.
    if (Number.isNaN(last.value)) return true
    const competitors: number[] = []
    for (const t of others) {
      const v = rungValue(t, rung)
      if (v !== undefined && !Number.isNaN(v)) competitors.push(v)
    }
    if (!isPromotable(last.value, competitors, rungs.reductionFactor, direction)) return true
  }
  return false
}

/**
 * What maxResource "auto" stands for: the furthest step of the first trial to complete (by finish time,
 * then number), undefined until one has. Pinned to the first rather than the longest so that it never moves
 * once known: hyperband's brackets, and so every trial's bracket, depend on it.
 */
export function autoMaxResource(history: readonly TrialRecord[], exclude: number): number | undefined {
  let first: TrialRecord | undefined
  for (const t of history) {
    if (t.number === exclude || t.state !== 'complete' || t.intermediate.length === 0) continue
    if (!first || finishedBefore(t, first)) first = t
  }
  return first && furthestStep(first)
}

function finishedBefore(a: TrialRecord, b: TrialRecord): boolean {
  const ta = finishTime(a)
  const tb = finishTime(b)
  return ta !== tb ? ta < tb : a.number < b.number
}

function finishTime(t: TrialRecord): number {
  const ms = t.finishedAt === null ? Number.NaN : Date.parse(t.finishedAt)
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms
}
