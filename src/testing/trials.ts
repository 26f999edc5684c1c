/** Hand-built trial records for pruner tests: only what a pruner reads is meaningful. */
import type { TrialState } from '../trial/state.js'
import type { IntermediateValue, TrialRecord } from '../trial/types.js'

/** Reports as values at steps 1, 2, 3, ... (an array) or as {step: value} (report order: ascending steps). */
export type Curve = readonly number[] | Readonly<Record<number, number>>

const EPOCH = Date.UTC(2024, 0, 1)

export function reports(curve: Curve): IntermediateValue[] {
  if (Array.isArray(curve)) return curve.map((value: number, i) => ({ step: i + 1, value }))
  return Object.entries(curve).map(([step, value]) => ({ step: Number(step), value }))
}

/** A trial in `state`; finished ones finish in number order (one second apart) unless `extra` says otherwise. */
export function trial(number: number, state: TrialState, curve: Curve = [], extra: Partial<TrialRecord> = {}): TrialRecord {
  const intermediate = reports(curve)
  const finished = state === 'complete' || state === 'pruned' || state === 'fail'
  return {
    number,
    state,
    params: { x: number },
    value: state === 'complete' || state === 'pruned' ? (intermediate.at(-1)?.value ?? null) : null,
    metrics: {},
    intermediate,
    startedAt: state === 'waiting' ? null : new Date(EPOCH + number * 1000).toISOString(),
    finishedAt: finished ? new Date(EPOCH + 500_000 + number * 1000).toISOString() : null,
    durationMs: finished ? 1000 : null,
    seed: number,
    strategy: 'random',
    error: state === 'fail' ? { reason: 'exit code 1' } : null,
    ...extra,
  }
}

export const complete = (number: number, curve: Curve, extra?: Partial<TrialRecord>) => trial(number, 'complete', curve, extra)
export const pruned = (number: number, curve: Curve, extra?: Partial<TrialRecord>) => trial(number, 'pruned', curve, extra)
export const running = (number: number, curve: Curve, extra?: Partial<TrialRecord>) => trial(number, 'running', curve, extra)
export const failed = (number: number, curve: Curve, extra?: Partial<TrialRecord>) => trial(number, 'fail', curve, extra)

/** The same curves with every value negated: a minimize history turned into the equivalent maximize one. */
export function negated(t: TrialRecord): TrialRecord {
  const intermediate = t.intermediate.map((r) => ({ step: r.step, value: -r.value }))
  return { ...t, intermediate, value: t.value === null ? null : -t.value }
}
