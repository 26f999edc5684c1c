import { StudyError } from '../errors.js'
import { checkParams } from '../space/check-params.js'
import type { SearchSpace } from '../space/types.js'
import { chooseStudy } from '../storage/choose.js'
import { openStorage } from '../storage/index.js'
import type { Storage } from '../storage/types.js'
import type { Direction, TrialRecord } from '../trial/types.js'

/** Where a study's strategy takes prior trials from: another store's study, or trials in hand (the API). */
export type WarmStartSource =
  | { readonly from: string | Storage; readonly study?: string }
  | { readonly trials: readonly TrialRecord[]; readonly direction?: Direction }

/** The prior trials a strategy sees before the study's own, and what became of the others. */
export interface WarmStart {
  readonly trials: readonly TrialRecord[]
  /** Trials of the source that were offered (finished ones). */
  readonly offered: number
  /** Why the others were left out, e.g. `3 with "x" is missing` (one line per kind of reason). */
  readonly skipped: readonly string[]
}

/**
 * Another study's trials as prior knowledge for this space: complete and pruned trials only (failed and running ones
 * teach a strategy nothing about values), matched by parameter name. A parameter this space does not have is dropped
 * from the trial; a trial that lacks a parameter this space needs, or whose value is outside its range or choices here,
 * is left out whole (filling in a value would invent a result). Prior trials are numbered -n..-1, before the study's
 * own, and are never stored: they steer the strategy but do not count toward any budget and are not in reports.
 */
export function warmStartTrials(space: SearchSpace, source: readonly TrialRecord[]): WarmStart {
  const finished = source.filter((t) => (t.state === 'complete' || t.state === 'pruned') && t.value !== null && Number.isFinite(t.value))
  const kept: TrialRecord[] = []
  const reasons = new Map<string, number>()
  for (const t of finished) {
    const known = Object.fromEntries(Object.entries(t.params).filter(([k]) => space.byName.has(k)))
    const { params, problems } = checkParams(space, known)
    if (problems.length > 0) {
      const why = problems[0]!.replace(/^.+ is not a valid value of (".+")$/, 'a value of $1 outside this space')
      reasons.set(why, (reasons.get(why) ?? 0) + 1)
      continue
    }
    kept.push(t.params === params ? t : { ...t, params })
  }
  const trials = kept.map((t, i) => ({ ...t, number: i - kept.length, worker: undefined, heartbeatAt: undefined }) as TrialRecord)
  const skipped = [...reasons].map(([why, n]) => `${n} with ${why}`)
  const others = source.length - finished.length
  if (others > 0) skipped.unshift(`${others} not complete or pruned`)
  return { trials, offered: source.length, skipped }
}

/** Reads the source's trials, refusing a study optimised in the other direction (its "good" would be our "bad"). */
export async function loadWarmStart(space: SearchSpace, direction: Direction, source: WarmStartSource): Promise<WarmStart> {
  if ('trials' in source) {
    if (source.direction !== undefined && source.direction !== direction) throw directionError('the given trials', source.direction, direction)
    return warmStartTrials(space, source.trials)
  }
  const storage = typeof source.from === 'string' ? await openStorage(source.from, { readonly: true }) : source.from
  try {
    const study = chooseStudy(await storage.listStudies(), source.study, storage.location, 'warmStart.study')
    if (study.direction !== direction) throw directionError(`${storage.location}: study "${study.name}"`, study.direction, direction)
    return warmStartTrials(space, await storage.getTrials(study.name))
  } finally {
    if (typeof source.from === 'string') await storage.close()
  }
}

function directionError(what: string, theirs: Direction, ours: Direction): StudyError {
  return new StudyError('STUDY_MISMATCH', `warm start: ${what} was optimised to ${theirs}, this study to ${ours}: its trials would mislead the strategy`)
}
