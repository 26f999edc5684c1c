import type { Metrics, TrainContext } from '../../src/trainers/types.js'

/** A TrainContext that records every report and asks to stop at report number `pruneAt` (1-based), if given. */
export function recordingContext(pruneAt?: number): TrainContext & { readonly reports: { step: number; metrics: Metrics }[] } {
  const reports: { step: number; metrics: Metrics }[] = []
  return {
    trial: 0,
    seed: 0,
    experiment: 'test',
    reports,
    report(step, metrics) {
      reports.push({ step, metrics: { ...metrics } })
      return pruneAt !== undefined && reports.length >= pruneAt
    },
  }
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn()
  } catch (e) {
    return e
  }
  throw new Error('expected an error, but none was thrown')
}
