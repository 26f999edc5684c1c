import { median, quantile } from 'simple-statistics'
import { ValidationError } from '../errors.js'
import type { TrialState } from '../trial/state.js'
import type { Direction, StudyRecord, TrialRecord } from '../trial/types.js'
import { isBetter } from '../trial/best.js'
import { bestSoFar, finishedTrials, normalisedArea, trialsUntilWithin, wallTimeMs } from './curves.js'
import { compareGroups, type GroupTest, type SkippedTest } from './group-tests.js'
import { groupStudies } from './group-by.js'
import { stateCounts } from './summary.js'
import { hypervolumeInputs } from './compare-multi.js'

/** One study read from one store: the unit `tunekit compare` compares. */
export interface CompareInput {
  readonly location: string
  readonly study: StudyRecord
  readonly trials: readonly TrialRecord[]
}

/** The JSON form of `tunekit compare`. */
export interface Comparison {
  readonly direction: Direction
  readonly metric: string
  readonly groupBy: string
  /** Finished trials over which every area is computed: the shortest experiment's, so each is judged on one budget. */
  readonly horizon: number
  /** The best value of any experiment, and the worst best-so-far of any (the bounds the areas are normalised by). */
  readonly bounds: { readonly best: number; readonly worst: number } | null
  readonly experiments: readonly ExperimentSummary[]
  readonly groups: readonly GroupSummary[]
  /** Every pair of groups with enough runs, better group first; p-values Holm-adjusted over all of them. */
  readonly tests: readonly GroupTest[]
  readonly skipped: readonly SkippedTest[]
  readonly notes: readonly string[]
}

export interface ExperimentSummary {
  /** Unique among the compared experiments: the study name, with its store when names repeat. */
  readonly label: string
  readonly location: string
  readonly study: string
  readonly strategy: string
  readonly seed: number
  readonly group: string
  readonly counts: Readonly<Record<TrialState, number>>
  /** Finished trials. */
  readonly trials: number
  readonly best: number | null
  readonly bestTrial: number | null
  /** Finished trials until the best-so-far came within 1 % of the best value of all compared experiments (null: never). */
  readonly trialsToWithin1Percent: number | null
  /** Normalised area under the best-so-far curve over the horizon: 0 best, 1 worst (see curves.ts normalisedArea). */
  readonly area: number | null
  readonly wallMs: number | null
  /** The best value after each finished trial. */
  readonly curve: readonly (number | null)[]
}

export interface GroupSummary {
  readonly name: string
  readonly runs: number
  /** Each run's best (runs without a complete trial left out). */
  readonly finalBest: readonly number[]
  readonly median: number | null
  readonly q1: number | null
  readonly q3: number | null
  readonly medianArea: number | null
  /** Per finished-trial index: the quartiles of the runs' best-so-far (a shorter run keeps its last best). */
  readonly band: { readonly q1: readonly (number | null)[]; readonly median: readonly (number | null)[]; readonly q3: readonly (number | null)[] }
}

/** Compares experiments: figures per experiment, per group of repeated runs, and rank tests between groups. */
export function compareExperiments(given: readonly CompareInput[], options: { groupBy?: string } = {}): Comparison {
  if (given.length === 0) throw new ValidationError('USAGE', 'nothing to compare: the stores hold no study')
  // Multi-objective studies: compared on hypervolume (compare-multi.ts), as one objective to maximise.
  const { inputs, note } = hypervolumeInputs(given)
  const groupBy = options.groupBy ?? 'strategy'
  const directions = new Set(inputs.map((i) => i.study.direction))
  if (directions.size > 1) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `cannot compare studies that minimize with studies that maximize (${inputs.map((i) => `${i.study.name}: ${i.study.direction}`).join(', ')})`,
    )
  }
  const direction = inputs[0]!.study.direction
  const notes: string[] = note ? [note] : []
  const metrics = [...new Set(inputs.map((i) => i.study.metric))]
  if (metrics.length > 1) notes.push(`the studies optimise different metrics (${metrics.join(', ')}); their values may not be comparable`)

  const groups = groupStudies(
    inputs.map((i) => i.study),
    groupBy,
  )
  const labels = uniqueLabels(inputs)
  const curves = inputs.map((i) => bestSoFar(i.trials, direction))
  const bounds = curveBounds(curves, direction)
  const lengths = curves.map((c) => c.length).filter((n) => n > 0)
  const horizon = lengths.length > 0 ? Math.min(...lengths) : 0

  const experiments: ExperimentSummary[] = inputs.map((input, k) => {
    const curve = curves[k]!
    const finished = finishedTrials(input.trials)
    const best = curve.length > 0 ? (curve[curve.length - 1] ?? null) : null
    const bestTrial = best === null ? null : (finished.find((t) => t.state === 'complete' && t.value === best)?.number ?? null)
    return {
      label: labels[k]!,
      location: input.location,
      study: input.study.name,
      strategy: input.study.strategy.name,
      seed: input.study.seed,
      group: groups[k]!,
      counts: stateCounts(input.trials),
      trials: finished.length,
      best,
      bestTrial,
      trialsToWithin1Percent: bounds === null ? null : trialsUntilWithin(curve, bounds.best, direction),
      area: bounds === null || curve.length === 0 ? null : normalisedArea(curve, horizon, bounds),
      wallMs: wallTimeMs(input.trials),
      curve,
    }
  })

  const names = [...new Set(groups)]
  const summaries = names.map((name) =>
    groupSummary(
      name,
      experiments.filter((e) => e.group === name),
    ),
  )
  notes.push(...mixedGroupNotes(inputs, groups))
  const { tests, skipped } = compareGroups(summaries, direction)
  if (names.length === 1)
    notes.push(`every experiment is in one group (${groupBy} = ${names[0]}), so there is nothing to test; choose another --group-by to split them`)
  return { direction, metric: metrics.join(', '), groupBy, horizon, bounds, experiments, groups: summaries, tests, skipped, notes }
}

function groupSummary(name: string, runs: readonly ExperimentSummary[]): GroupSummary {
  const finalBest = runs.map((r) => r.best).filter((v): v is number => v !== null)
  const areas = runs.map((r) => r.area).filter((v): v is number => v !== null)
  const length = Math.max(0, ...runs.map((r) => r.curve.length))
  const band = { q1: [] as (number | null)[], median: [] as (number | null)[], q3: [] as (number | null)[] }
  for (let i = 0; i < length; i++) {
    const at = runs.map((r) => r.curve[Math.min(i, r.curve.length - 1)] ?? null).filter((v): v is number => v !== null)
    const [q1, m, q3] = at.length > 0 ? (quantile(at, [0.25, 0.5, 0.75]) as number[]) : [null, null, null]
    band.q1.push(q1 ?? null)
    band.median.push(m ?? null)
    band.q3.push(q3 ?? null)
  }
  const [q1, q3] = finalBest.length > 0 ? (quantile(finalBest, [0.25, 0.75]) as number[]) : [null, null]
  return {
    name,
    runs: runs.length,
    finalBest,
    median: finalBest.length > 0 ? median(finalBest) : null,
    q1: q1 ?? null,
    q3: q3 ?? null,
    medianArea: areas.length > 0 ? median(areas) : null,
    band,
  }
}

/** The best value anywhere, and the worst best-so-far anywhere (each run's first complete value, at worst). */
function curveBounds(curves: readonly (readonly (number | null)[])[], direction: Direction): { best: number; worst: number } | null {
  let best: number | null = null
  let worst: number | null = null
  for (const c of curves) {
    for (const v of c) {
      if (v === null) continue
      if (best === null || isBetter(v, best, direction)) best = v
      if (worst === null || isBetter(worst, v, direction)) worst = v
    }
  }
  return best === null || worst === null ? null : { best, worst }
}

/** Study names, with the store added where a name repeats (the same experiment run into several stores). */
function uniqueLabels(inputs: readonly CompareInput[]): string[] {
  const count = new Map<string, number>()
  for (const i of inputs) count.set(i.study.name, (count.get(i.study.name) ?? 0) + 1)
  const labels = inputs.map((i) => (count.get(i.study.name)! > 1 ? `${i.study.name} (${i.location})` : i.study.name))
  // The same store named twice would repeat even then: number them.
  const seen = new Map<string, number>()
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1
    seen.set(l, n)
    return n === 1 ? l : `${l} #${n}`
  })
}

/** Repeated runs should differ only by seed: say so when a group mixes search spaces or strategy options. */
function mixedGroupNotes(inputs: readonly CompareInput[], groups: readonly string[]): string[] {
  const notes: string[] = []
  for (const name of new Set(groups)) {
    const members = inputs.filter((_, k) => groups[k] === name)
    const spaces = new Set(members.map((m) => JSON.stringify(m.study.space.parameters)))
    const strategies = new Set(members.map((m) => JSON.stringify({ ...m.study.strategy, seed: undefined })))
    const what = [spaces.size > 1 ? 'search spaces' : '', strategies.size > 1 ? 'strategy settings' : ''].filter(Boolean)
    if (what.length > 0) notes.push(`group "${name}" mixes runs with different ${what.join(' and ')}: its runs are not repeats that differ only by seed`)
  }
  return notes
}
