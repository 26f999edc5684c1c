import { loadExperimentFile } from '../experiment/load.js'
import type { Experiment } from '../experiment/types.js'
import { ValidationError } from '../errors.js'
import type { CommandDef } from './command.js'

/** The options that `ask`, `tell` and `report-step` share. */
export const askTellOptions = {
  storage: { type: 'string' },
  wait: { type: 'string', default: '30' },
} satisfies CommandDef['options']

export const askTellHelp = [
  '  --storage PATH    the store (also TUNEKIT_STORAGE; default the experiment\'s "storage" or runs/<name>.json)',
  "  --wait SECONDS    how long to wait for a file store's writer's lock (default 30); PostgreSQL never waits",
]

/** The experiment file with the store the flags or TUNEKIT_STORAGE name, and the --wait seconds. */
export async function experimentFor(values: Parameters<CommandDef['run']>[0], file: string): Promise<{ exp: Experiment; waitSeconds: number }> {
  const storage = values.storage !== undefined ? String(values.storage) : process.env.TUNEKIT_STORAGE
  const exp = await loadExperimentFile(file, storage ? { storage } : {})
  return { exp, waitSeconds: numberOption(values.wait ?? '30', '--wait', 0) }
}

/** Parses a number flag (any finite number >= min); a bad value is a usage error naming the flag. */
export function numberOption(v: unknown, flag: string, min = Number.NEGATIVE_INFINITY): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN
  if (!Number.isFinite(n) || n < min)
    throw new ValidationError('USAGE', `${flag} must be a number${min > Number.NEGATIVE_INFINITY ? ` >= ${min}` : ''}, not "${String(v)}"`)
  return n
}

/** A trial number argument. */
export function trialNumber(v: string | undefined): number {
  if (v === undefined || !/^\d+$/.test(v)) throw new ValidationError('USAGE', `the trial NUMBER must be an integer >= 0, not "${String(v)}"`)
  return Number(v)
}
