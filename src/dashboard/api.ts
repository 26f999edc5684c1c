import { reportParam } from '../report/html/report-data.js'
import type { ForestImportance } from '../report/importance/fanova.js'
import { type ParetoData, paretoData } from '../report/pareto.js'
import type { Importance } from '../report/importance/ped-anova.js'
import { metricNames, paramNames, stateCounts } from '../report/summary.js'
import { bestTrial } from '../trial/best.js'
import type { TrialState } from '../trial/state.js'
import { studyDirections } from '../trial/objectives.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'
import type { ImportanceThread, Importances } from './importance-thread.js'
import type { StudyState, TrialsSince } from './study-state.js'

/** One row of GET /api/studies. */
export interface StudyEntry {
  readonly key: string
  readonly name: string
  readonly location: string
  readonly direction: StudyRecord['direction']
  readonly metric: string
  readonly strategy: string
  readonly counts: Record<TrialState, number>
  /** Complete, pruned and failed trials. */
  readonly finished: number
  readonly trials: number
  readonly best: number | null
  readonly bestTrial: number | null
  /** The study's last change as its trials tell (the latest start, heartbeat or end; ISO time), else its creation. */
  readonly updatedAt: string
  /** Why its store cannot be read now, or null. */
  readonly error: string | null
}

/** How the study page draws each parameter (report-data.ts's ReportParam without the per-trial values). */
export interface ParamLayout {
  readonly name: string
  readonly axis: 'linear' | 'log' | 'category' | 'none'
  readonly categories: readonly string[] | null
}

/** GET /api/studies/:name: the entry, the study as stored, how to draw it, and the importance of its parameters. */
export interface StudyDetail extends StudyEntry {
  readonly study: StudyRecord
  /** Multi-objective studies: the report's Pareto data, and the trial numbers its per-trial lists follow. */
  readonly pareto?: ParetoData & { readonly numbers: readonly number[] }
  readonly params: readonly ParamLayout[]
  readonly metrics: readonly string[]
  readonly importance: Importance
  readonly forest: ForestImportance | null
  /** The cursor the importances are as of ('' before the first): a page asks again until it is `cursor`. */
  readonly importanceCursor: string
  /** The cursor the trials of this answer are as of. */
  readonly cursor: string
}

/** GET /api/studies/:name/trials?after=CURSOR */
export type TrialsAnswer = TrialsSince & { readonly error: string | null }

export function studyEntry(s: StudyState): StudyEntry {
  const trials = s.trials
  const counts = stateCounts(trials)
  const best = bestTrial(trials, s.study.direction)
  return {
    key: s.key,
    name: s.study.name,
    location: s.location,
    direction: s.study.direction,
    metric: s.study.metric,
    strategy: s.study.strategy.name,
    counts,
    finished: counts.complete + counts.pruned + counts.fail,
    trials: trials.length,
    best: best?.value ?? null,
    bestTrial: best?.number ?? null,
    updatedAt: lastUpdate(trials) ?? s.study.createdAt,
    error: s.error,
  }
}

/** Importance is recomputed at most this often per study while trials keep coming (permutations, a forest). */
const IMPORTANCE_EVERY_MS = 5000

const importanceCache = new WeakMap<StudyState, { at: number; cursor: string; value: Importances; running: boolean }>()

/** What no computation has said yet: the page shows it as pending and a later poll brings the numbers. */
const PENDING: Importances = {
  importance: { method: 'ped-anova', quantile: 0.1, trials: 0, top: 0, permutations: 0, significance: 0.01, params: [], verdict: 'being computed' },
  forest: null,
}

/**
 * The importances of a study as last computed, and a new computation started on the importance thread when they
 * are out of date (at most every IMPORTANCE_EVERY_MS): an answer never waits for them.
 */
export function importanceOf(s: StudyState, thread: ImportanceThread): Importances & { readonly importanceCursor: string } {
  let entry = importanceCache.get(s)
  if (!entry) {
    entry = { at: 0, cursor: '', value: PENDING, running: false }
    importanceCache.set(s, entry)
  }
  const fresh = entry.cursor === s.cursor || Date.now() - entry.at < IMPORTANCE_EVERY_MS
  if (!fresh && !entry.running) {
    const e = entry
    const cursor = s.cursor
    e.running = true
    thread.compute(s.study, s.trials).then(
      (value) => Object.assign(e, { value, cursor, at: Date.now(), running: false }),
      () => Object.assign(e, { at: Date.now(), running: false }),
    )
  }
  return { ...entry.value, importanceCursor: entry.cursor }
}

type StudyPareto = ParetoData & { readonly numbers: readonly number[] }
const paretoCache = new WeakMap<StudyState, { readonly cursor: string; readonly value: StudyPareto }>()

/**
 * A multi-objective study's Pareto front and hypervolume history, computed once per change of the study (its cursor):
 * every page polling an unchanged study gets the same answer without the front being sorted and the hypervolumes
 * (exponential in the number of objectives past two) summed again.
 */
export function paretoOf(s: StudyState): StudyPareto {
  const hit = paretoCache.get(s)
  if (hit?.cursor === s.cursor) return hit.value
  const trials = s.trials
  const value = { ...paretoData(s.study, trials), numbers: trials.map((t) => t.number).sort((a, b) => a - b) }
  paretoCache.set(s, { cursor: s.cursor, value })
  return value
}

export function studyDetail(s: StudyState, thread: ImportanceThread): StudyDetail {
  const trials = s.trials
  return {
    ...studyEntry(s),
    study: s.study,
    params: paramNames(s.study, trials).map((name) => {
      const p = reportParam(name, s.study.space.parameters[name], trials)
      return { name: p.name, axis: p.axis, categories: p.categories }
    }),
    metrics: metricNames(trials).filter((m) => m !== s.study.metric),
    ...(studyDirections(s.study).length > 1 ? { pareto: paretoOf(s) } : {}),
    ...importanceOf(s, thread),
    cursor: s.cursor,
  }
}

/**
 * The trials since a cursor, each as stored but for its error's stdout/stderr tails (up to a few hundred lines per
 * failed command trial, and no chart needs them): those come with the trial alone, GET …/trials/:number.
 */
export function trialsSince(s: StudyState, after: string | undefined): TrialsAnswer {
  const since = s.since(after)
  return { ...since, trials: since.trials.map(withoutTails), error: s.error }
}

function withoutTails(t: TrialRecord): TrialRecord {
  if (!t.error || (t.error.stdoutTail === undefined && t.error.stderrTail === undefined)) return t
  const { stdoutTail: _o, stderrTail: _e, ...error } = t.error
  return { ...t, error }
}

function lastUpdate(trials: readonly TrialRecord[]): string | undefined {
  let at: string | undefined
  for (const t of trials) for (const x of [t.finishedAt, t.heartbeatAt, t.startedAt]) if (x && (at === undefined || x > at)) at = x
  return at
}
