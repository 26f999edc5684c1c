import { quantile as quantileOf, sampleStandardDeviation } from 'simple-statistics'
import { createRng, type Rng } from '../../util/rng.js'
import type { ParamValue } from '../../space/types.js'
import type { StudyRecord, TrialRecord } from '../../trial/types.js'
import { completeValue } from '../curves.js'
import { paramNames } from '../summary.js'
import { density, kernelRows, pearsonDivergence, type KernelRows } from './density.js'
import { encodeParam } from './encode.js'

/**
 * Parameter importance by PED-ANOVA (Watanabe et al., IJCAI 2023, "PED-ANOVA: efficiently quantifying
 * hyperparameter importance in arbitrary subspaces"), the method behind Optuna's PedAnovaImportanceEvaluator:
 * a parameter matters as much as the distribution of its values among the best trials (the top `quantile` of the
 * complete ones) departs from their distribution among all complete trials, measured by Pearson's divergence of
 * the two densities. It needs no fitted model, so it is fast and works on any history, however it was sampled.
 *
 * What we add: a permutation null. The same divergence is computed for random "top" sets of the same size, which is
 * what a parameter that does not matter would show; `chance` is its mean, `p` the share of random sets that did at
 * least as well. A parameter stands out when p <= significance (0.01). Its importance is its divergence in excess of
 * what random sets reach with probability `significance` (their 99th percentile), as a share of all parameters'
 * excess: so a parameter has a non-zero importance exactly when it stands out, and when none does all are 0,
 * rather than shares of noise that would crown whichever parameter was luckiest.
 *
 * Log parameters are compared in log space, categorical ones over their choices, and a conditional parameter only
 * among the trials where it is active (top trials where it is active against all trials where it is active), so
 * that its parent's effect is not counted twice.
 */
export interface Importance {
  readonly method: 'ped-anova'
  /** The share of complete trials taken as the top set. */
  readonly quantile: number
  /** Complete trials used, and how many of them form the top set. */
  readonly trials: number
  readonly top: number
  /** Random top sets drawn for the null. */
  readonly permutations: number
  /** The p-value at or below which a parameter stands out. */
  readonly significance: number
  /** Most important first. */
  readonly params: readonly ParamImportance[]
  /** One sentence for people: which parameters stand out, or that none does. */
  readonly verdict: string
}

export interface ParamImportance {
  readonly name: string
  /** The divergence in excess of `threshold`, as a share of all parameters' excess (0 when none has any). */
  readonly importance: number
  /** Pearson divergence of the top set's density from all trials' density. */
  readonly divergence: number
  /** The mean divergence of random top sets: what no effect looks like. */
  readonly chance: number
  /** The divergence that random top sets exceed with probability `significance` (their 1 - significance quantile). */
  readonly threshold: number
  /** Permutation p-value: (1 + random sets at least as divergent) / (1 + permutations). */
  readonly p: number
  /** Whether p <= significance. */
  readonly standsOut: boolean
  /** Complete trials where the parameter was active. */
  readonly activeTrials: number
  readonly note?: string
}

export interface ImportanceOptions {
  readonly quantile?: number
  readonly permutations?: number
  readonly significance?: number
  readonly seed?: string
}

/** Below this many complete trials the top set is too small to say anything. */
export const MIN_TRIALS = 10
const MIN_TOP = 5

export function parameterImportance(study: StudyRecord, trials: readonly TrialRecord[], options: ImportanceOptions = {}): Importance {
  const quantile = options.quantile ?? 0.1
  const permutations = options.permutations ?? 199
  const significance = options.significance ?? 0.01
  const sign = study.direction === 'minimize' ? 1 : -1
  const complete = trials.filter((t) => completeValue(t) !== null).sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number)
  const top = Math.max(MIN_TOP, Math.ceil(quantile * complete.length))
  const base = { method: 'ped-anova', quantile, trials: complete.length, top, permutations, significance } as const
  if (complete.length < Math.max(MIN_TRIALS, 2 * top)) {
    return {
      ...base,
      params: [],
      verdict: `not enough complete trials to rank parameters (${complete.length}; at least ${Math.max(MIN_TRIALS, 2 * MIN_TOP)} are needed)`,
    }
  }

  const names = paramNames(study, trials)
  const evaluators = names.map((name) => evaluator(name, study, complete, top)).filter((e) => e !== undefined)
  const observed = evaluators.map((e) => e.divergence(range(top)))
  const nulls = evaluators.map(() => new Float64Array(permutations))
  const rng = createRng(options.seed ?? `ped-anova/${study.name}`)
  for (let r = 0; r < permutations; r++) {
    const set = randomSubset(complete.length, top, rng)
    for (const [j, e] of evaluators.entries()) nulls[j]![r] = e.divergence(set)
  }

  const rows = evaluators.map((e, j) => {
    const d = observed[j]!
    const null_ = nulls[j]!
    let atLeast = 0
    let sum = 0
    for (const x of null_) {
      if (x >= d - 1e-12) atLeast++
      sum += x
    }
    const p = (1 + atLeast) / (1 + permutations)
    const threshold = permutations > 0 ? quantileOf(Array.from(null_), 1 - significance) : 0
    return {
      name: e.name,
      divergence: d,
      chance: permutations > 0 ? sum / permutations : 0,
      threshold,
      p,
      standsOut: p <= significance && e.note === undefined,
      activeTrials: e.active,
      ...(e.note ? { note: e.note } : {}),
    }
  })
  const excess = rows.map((r) => (r.standsOut ? Math.max(0, r.divergence - r.threshold) : 0))
  const totalExcess = excess.reduce((s, x) => s + x, 0)
  const params = rows
    .map((r, j) => ({ ...r, importance: totalExcess > 0 ? excess[j]! / totalExcess : 0 }))
    .sort((a, b) => b.importance - a.importance || b.divergence - a.divergence || a.name.localeCompare(b.name))
  const out = params.filter((p) => p.standsOut).map((p) => p.name)
  const verdict =
    out.length > 0
      ? `${out.join(', ')} ${out.length === 1 ? 'stands' : 'stand'} out (p <= ${significance}); the top ${top} of ${complete.length} complete trials ` +
        `differ from the rest in ${out.length === 1 ? 'it' : 'them'} far more than random sets do`
      : `no parameter stands out from chance (every p > ${significance}): the top ${top} of ${complete.length} complete trials look like a random ` +
        `draw in each parameter`
  return { ...base, params, verdict }
}

interface Evaluator {
  readonly name: string
  readonly active: number
  readonly note?: string
  /** The divergence of the density of `set` (indices into the complete trials, sorted best first) from the baseline. */
  divergence(set: Iterable<number>): number
}

function evaluator(name: string, study: StudyRecord, complete: readonly TrialRecord[], top: number): Evaluator | undefined {
  // Position of each complete trial among this parameter's active trials (-1: inactive there).
  const slot = new Int32Array(complete.length).fill(-1)
  const values: ParamValue[] = []
  for (const [i, t] of complete.entries()) {
    if (!Object.hasOwn(t.params, name)) continue
    slot[i] = values.length
    values.push(t.params[name]!)
  }
  const encoding = encodeParam(study.space.parameters[name], values)
  if (!encoding || values.length < 2) return undefined
  const points = values.map((v) => (encoding.kind === 'numeric' ? Math.min(1, Math.max(0, encoding.toUnit(v))) : encoding.index(v)))
  let activeInTop = 0
  for (let i = 0; i < top; i++) if (slot[i]! >= 0) activeInTop++
  const note = activeInTop < 2 ? `active in only ${activeInTop} of the top ${top} trials` : undefined
  const categorical = encoding.kind === 'categorical'
  const spread = categorical || points.length < 2 ? 0 : sampleStandardDeviation(points)
  const topRows: KernelRows = kernelRows(encoding, points, Math.max(2, activeInTop), spread)
  const baseRows: KernelRows = kernelRows(encoding, points, points.length, spread)
  const baseline = density(baseRows, range(points.length), categorical)
  return {
    name,
    active: points.length,
    ...(note ? { note } : {}),
    divergence(set) {
      const members: number[] = []
      for (const i of set) if (slot[i]! >= 0) members.push(slot[i]!)
      if (members.length === 0 || note) return 0
      return pearsonDivergence(density(topRows, members, categorical), baseline)
    },
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}

/** k distinct indices out of n (a partial Fisher-Yates shuffle). */
function randomSubset(n: number, k: number, rng: Rng): number[] {
  const a = range(n)
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i))
    const t = a[i]!
    a[i] = a[j]!
    a[j] = t
  }
  return a.slice(0, k)
}
