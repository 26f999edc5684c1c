import type { Direction, IntermediateValue, TrialRecord } from '../trial/types.js'

/**
 * What the pruners ask of a trial's reports, kept per reports list and brought up to date from the reports appended
 * since the last question, so that each report costs a pruner O(1) amortised rather than a scan of every step so far
 * (a trainer may report thousands). The summary covers every report but the last, which is combined at each question:
 * the lists are the store's and the trial handle's, appended to, a re-reported step moving to the end, and past
 * MAX_STORED_STEPS the last report replaced by the newest. Any other change is noticed (the report the summary ended
 * with is no longer in its place) and the summary rebuilt. A cache only: every answer is the one a scan gives.
 */
interface Summary {
  /** Reports summarised (all but the list's last), and the last of them, the same object while the list only grows. */
  count: number
  tail: IntermediateValue | undefined
  /** The largest and second-largest distinct steps. */
  furthest: number
  second: number
  min: number
  max: number
  /** Value by step (storage keeps one report per step, the later one winning). */
  readonly byStep: Map<number, number>
  /** The steps in increasing order while they came in increasing order; rebuilt when asked for after one did not. */
  sorted: number[] | undefined
}

const summaries = new WeakMap<readonly IntermediateValue[], Summary>()

function fresh(): Summary {
  const inf = Number.NEGATIVE_INFINITY
  return { count: 0, tail: undefined, furthest: inf, second: inf, min: Number.NaN, max: Number.NaN, byStep: new Map(), sorted: [] }
}

/** The summary of every report but the last. */
function baseOf(reports: readonly IntermediateValue[]): Summary {
  const n = Math.max(0, reports.length - 1)
  let s = summaries.get(reports)
  if (!s || s.count > n || (s.count > 0 && reports[s.count - 1] !== s.tail)) {
    s = fresh()
    summaries.set(reports, s)
  }
  for (let i = s.count; i < n; i++) {
    const { step, value } = reports[i]!
    if (step > s.furthest) {
      s.second = s.furthest
      s.furthest = step
      s.sorted?.push(step)
    } else {
      if (step < s.furthest && step > s.second) s.second = step
      if (!s.byStep.has(step)) s.sorted = undefined
    }
    if (!Number.isNaN(value)) {
      if (Number.isNaN(s.min) || value < s.min) s.min = value
      if (Number.isNaN(s.max) || value > s.max) s.max = value
    }
    s.byStep.set(step, value)
  }
  s.count = n
  s.tail = n > 0 ? reports[n - 1] : undefined
  return s
}

/** The smallest step at or past `step` among the summarised reports. */
function firstPast(s: Summary, step: number): number | undefined {
  if (s.furthest < step) return undefined
  s.sorted ??= [...s.byStep.keys()].sort((a, b) => a - b)
  let lo = 0
  let hi = s.sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (s.sorted[mid]! >= step) hi = mid
    else lo = mid + 1
  }
  return s.sorted[lo]
}

/** The report a trial made last (storage appends each report, a re-reported step moving to the end). */
export function lastIntermediate(trial: TrialRecord): IntermediateValue | undefined {
  return trial.intermediate.at(-1)
}

/** The furthest step a trial reported, or undefined before its first report. */
export function furthestStep(trial: TrialRecord): number | undefined {
  const last = trial.intermediate.at(-1)
  return last === undefined ? undefined : Math.max(baseOf(trial.intermediate).furthest, last.step)
}

/** The largest step a trial reported other than its furthest one (-Infinity when there is none). */
export function secondFurthestStep(trial: TrialRecord): number {
  const last = trial.intermediate.at(-1)
  const s = baseOf(trial.intermediate)
  if (last === undefined) return Number.NEGATIVE_INFINITY
  if (last.step > s.furthest) return s.furthest
  return last.step === s.furthest ? s.second : Math.max(s.second, last.step)
}

/** The furthest step among the reports before the last one (-Infinity when the last is the only one). */
export function furthestBeforeLast(trial: TrialRecord): number {
  return baseOf(trial.intermediate).furthest
}

/** The value a trial reported at exactly `step` (storage keeps one report per step, the later one winning). */
export function valueAt(trial: TrialRecord, step: number): number | undefined {
  const last = trial.intermediate.at(-1)
  return last?.step === step ? last.value : baseOf(trial.intermediate).byStep.get(step)
}

/** The value a trial reported at its first step at or past `step`, or undefined when it never got there. */
export function valueAtOrPast(trial: TrialRecord, step: number): number | undefined {
  const last = trial.intermediate.at(-1)
  const s = baseOf(trial.intermediate)
  const first = firstPast(s, step)
  if (last !== undefined && last.step >= step && (first === undefined || last.step <= first)) return last.value
  return first === undefined ? undefined : s.byStep.get(first)
}

/** The best value a trial reported so far, NaN ignored; NaN when it reported only NaN (or nothing). */
export function bestIntermediate(trial: TrialRecord, direction: Direction): number {
  const last = trial.intermediate.at(-1)
  const s = baseOf(trial.intermediate)
  const base = direction === 'minimize' ? s.min : s.max
  if (last === undefined || Number.isNaN(last.value)) return base
  if (Number.isNaN(base)) return last.value
  return direction === 'minimize' ? Math.min(base, last.value) : Math.max(base, last.value)
}

/** Every trial but `number`: the history may hold the trial being judged, which must not compete with itself. */
export function othersThan(number: number, history: readonly TrialRecord[]): TrialRecord[] {
  return history.filter((t) => t.number !== number)
}
