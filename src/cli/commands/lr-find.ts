import { writeFileSync } from 'node:fs'
import { ValidationError } from '../../errors.js'
import { loadExperimentFile } from '../../experiment/load.js'
import { lrFindPage } from '../../report/html/lr-find-page.js'
import type { Params, ParamValue } from '../../space/types.js'
import { trainers } from '../../trainers/index.js'
import { DEFAULT_LR_RANGE, type LrRangeResult, lrRangeTest } from '../../trainers/lr-range.js'
import type { CommandDef } from '../command.js'
import { intOption } from '../options.js'

export const command: CommandDef = {
  name: 'lr-find',
  usage: 'tunekit lr-find <experiment.json> [--param NAME=VALUE]... [--min R] [--max R] [--steps N] [--json] [--out FILE.html] [--write-space FILE]',
  help: [
    "Runs a learning-rate range test (Smith 2017) with the experiment's trainer: one short run whose rate grows",
    'exponentially every step, until the loss blows up. Prints the rate where the smoothed loss falls fastest (a good',
    'rate to train at) and the rate from which training diverges. The other hyperparameters are the constants of the',
    "experiment's space, then --param values, then the trainer's defaults.",
    '',
    'options:',
    '  --param NAME=VALUE  fix a hyperparameter (repeatable), e.g. --param optimizer=sgd',
    `  --min R, --max R    the first and last rate of the sweep (default ${DEFAULT_LR_RANGE.min} and ${DEFAULT_LR_RANGE.max})`,
    `  --steps N           optimiser steps in the sweep (default ${DEFAULT_LR_RANGE.steps})`,
    '  --json              print { "suggested", "diverges", "curve": [{ "learning_rate", "loss" }, ...] }',
    '  --out FILE.html     write a plot of the curve (a self-contained page)',
    '  --write-space FILE  write a copy of the space with learning_rate narrowed to around the suggestion',
  ],
  options: {
    param: { type: 'string', multiple: true },
    min: { type: 'string' },
    max: { type: 'string' },
    steps: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    'write-space': { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(values, [file]) {
    const min = rateOption(values.min, '--min', DEFAULT_LR_RANGE.min)
    const max = rateOption(values.max, '--max', DEFAULT_LR_RANGE.max)
    if (!(max > min)) throw new ValidationError('USAGE', `--max (${max}) must be larger than --min (${min})`)
    const steps = values.steps === undefined ? DEFAULT_LR_RANGE.steps : intOption(values.steps, '--steps', 10)
    const experiment = await loadExperimentFile(file!)
    const t = experiment.trainer
    if (t.type === 'command') {
      throw new ValidationError('INVALID_ARGUMENT', `${file}: lr-find needs a trainer that runs in tunekit (a built-in or a module trainer), not a command`)
    }
    const trainer = t.type === 'builtin' ? trainers.get(t.name)! : t.trainer
    const params: Record<string, ParamValue> = {}
    for (const p of experiment.space.parameters) if (p.type === 'constant') params[p.name] = p.value
    for (const [name, value] of paramFlags(values.param as string[] | undefined, trainer.parameters)) params[name] = value
    const result = await lrRangeTest(trainer, params as Params, t.options, { min, max, steps })
    if (values.out !== undefined) writeFileSync(String(values.out), lrFindPage(`lr-find: ${experiment.name}`, result))
    if (values['write-space'] !== undefined) writeNarrowedSpace(String(values['write-space']), experiment.space.source, result)
    if (values.json) console.log(JSON.stringify(result))
    else console.log(summary(result, values.out as string | undefined))
    return 0
  },
}

function rateOption(v: unknown, flag: string, fallback: number): number {
  if (v === undefined) return fallback
  const n = Number(v)
  if (!(Number.isFinite(n) && n > 0)) throw new ValidationError('USAGE', `${flag} must be a positive number, not "${String(v)}"`)
  return n
}

/** `--param name=value` flags, each value read as JSON when it parses (numbers, booleans), else as a string. */
function paramFlags(flags: readonly string[] | undefined, known: Readonly<Record<string, unknown>>): [string, ParamValue][] {
  return (flags ?? []).map((flag) => {
    const eq = flag.indexOf('=')
    const name = flag.slice(0, eq)
    if (eq <= 0) throw new ValidationError('USAGE', `--param must be NAME=VALUE, not "${flag}"`)
    if (!Object.hasOwn(known, name))
      throw new ValidationError('USAGE', `--param ${name}: the trainer has no parameter "${name}"; it understands ${Object.keys(known).join(', ')}`)
    const text = flag.slice(eq + 1)
    let value: unknown = text
    try {
      value = JSON.parse(text)
    } catch {}
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') value = text
    return [name, value as ParamValue]
  })
}

/** The narrowed range: a decade below the suggestion to a decade above it, and at most half the diverging rate. */
export function narrowedRange(r: LrRangeResult): { low: number; high: number } {
  const low = r.suggested / 10
  const high = Math.max(low * 2, Math.min(r.suggested * 10, r.diverges === null ? Number.POSITIVE_INFINITY : r.diverges / 2))
  return { low: Number(low.toPrecision(3)), high: Number(high.toPrecision(3)) }
}

function writeNarrowedSpace(out: string, source: { readonly parameters: Readonly<Record<string, unknown>> }, r: LrRangeResult): void {
  const { low, high } = narrowedRange(r)
  const space = { ...source, parameters: { ...source.parameters, learning_rate: { type: 'float', low, high, log: true } } }
  writeFileSync(out, `${JSON.stringify(space, null, 2)}\n`)
}

function summary(r: LrRangeResult, out: string | undefined): string {
  const { low, high } = narrowedRange(r)
  return [
    `suggested learning_rate: ${r.suggested.toPrecision(3)} (where the smoothed loss falls fastest)`,
    `diverges from:           ${r.diverges === null ? 'not reached (raise --max)' : r.diverges.toPrecision(3)}`,
    `a range to search:       ${low} to ${high} (log); --write-space FILE writes it into a copy of the space`,
    ...(out === undefined ? [] : [`plot:                    ${out}`]),
  ].join('\n')
}
