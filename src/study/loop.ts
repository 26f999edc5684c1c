import { StrategyExhaustedError } from '../errors.js'
import type { TrialRecord } from '../trial/types.js'
import type { TellResult, Trial } from './types.js'

/** What the loop needs of a study. */
export interface LoopStudy {
  ask(): Promise<Trial>
  tellUnlessLost(trial: Trial, result: TellResult): Promise<TrialRecord>
}

/** What to do next in a slot: ask for a trial, look again (the hook waited), or stop this slot. */
export type Next = 'ask' | 'again' | 'stop'

/** How one kind of run drives the loop: `optimize` in the library, the sweep runner for experiment files. */
export interface LoopHooks {
  /** Called before each ask; may wait (then return 'again'). `asking` counts the asks under way in other slots. */
  next(asking: number): Promise<Next>
  /** Called once the trial exists, before it runs (a sweep flushes it to disk and announces it). */
  started?(trial: Trial): Promise<void>
  /** Runs the trial to its end. A throw stops every slot (after the trial is told as failed by `failure`). */
  run(trial: Trial): Promise<TellResult>
  /** The result a thrown `run` leaves in the store. */
  failure(error: unknown): TellResult
  /** Called once the trial is told, with its stored record; returning 'stop' stops this slot. */
  finished?(record: TrialRecord): Promise<'stop' | undefined>
}

/** How the loop ended: every slot stopped on its own, the strategy ran out, or a run threw. */
export type LoopEnd = { readonly reason: 'done' | 'exhausted' } | { readonly reason: 'error'; readonly error: unknown }

/**
 * The one trial loop: `parallel` slots, each asking the study for a trial, running it and telling the result, until
 * its hooks say stop. A strategy that runs out (a finished grid) stops every slot cleanly; a run that throws is told
 * as failed, then stops every slot, and the first such error is returned.
 */
export async function runLoop(study: LoopStudy, parallel: number, hooks: LoopHooks): Promise<LoopEnd> {
  let asking = 0
  let end: LoopEnd | undefined
  // One slot decides at a time, and an 'ask' counts as under way before the next slot decides: next() awaits (it
  // reads the store), so two slots deciding at once would both see the same count and both ask, one trial too many.
  let gate: Promise<void> = Promise.resolve()
  const decide = async (): Promise<Next> => {
    const previous = gate
    let release = (): void => {}
    gate = new Promise((resolve) => {
      release = resolve
    })
    await previous
    try {
      const next = await hooks.next(asking)
      if (next === 'ask') asking++
      return next
    } finally {
      release()
    }
  }
  const slot = async (): Promise<void> => {
    while (end === undefined) {
      const next = await decide()
      if (next === 'stop' || end !== undefined) {
        if (next === 'ask') asking--
        return
      }
      if (next === 'again') continue
      let trial: Trial
      try {
        trial = await study.ask()
      } catch (e) {
        if (!(e instanceof StrategyExhaustedError)) throw e
        end ??= { reason: 'exhausted' }
        return
      } finally {
        asking--
      }
      await hooks.started?.(trial)
      let result: TellResult
      let thrown: { error: unknown } | undefined
      try {
        result = await hooks.run(trial)
      } catch (error) {
        thrown = { error }
        result = hooks.failure(error)
      }
      const record = await study.tellUnlessLost(trial, result)
      if (thrown) end ??= { reason: 'error', error: thrown.error }
      if ((await hooks.finished?.(record)) === 'stop') return
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, slot))
  return end ?? { reason: 'done' }
}
