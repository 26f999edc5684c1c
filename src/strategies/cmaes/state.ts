import { symmetricEigen } from './linalg.js'

/**
 * Everything CMA-ES knows after some generations: one run (restart) of Hansen's algorithm over the numeric axes, the
 * margin scales of the discrete ones and the choice probabilities of the categorical ones. Never mutated once built
 * (update.ts makes a new one), so that a cached state can be shared by every later ask.
 */
export interface CmaState {
  /** Numeric dimension. */
  readonly n: number
  /** Which run this is: 0, then one more per IPOP restart. */
  readonly restart: number
  /** Generations completed in this run. */
  readonly generation: number
  readonly lambda: number
  /** Recombination weights of the λ ranks: positive for the best μ (they move the mean), negative for the rest. */
  readonly weights: Float64Array
  /** μ: how many of the weights are positive. */
  readonly mu: number
  readonly mueff: number
  readonly cs: number
  readonly ds: number
  readonly cc: number
  readonly c1: number
  readonly cmu: number
  /** E‖N(0, I)‖. */
  readonly chiN: number
  readonly mean: Float64Array
  readonly sigma: number
  readonly sigma0: number
  readonly C: Float64Array
  /** Eigenvectors of C (columns) and the square roots of its eigenvalues. */
  readonly B: Float64Array
  readonly D: Float64Array
  readonly ps: Float64Array
  readonly pc: Float64Array
  /** Margin scale per numeric axis (1 on continuous ones): discrete values are read at mean + A·(x − mean). */
  readonly A: Float64Array
  /** Per categorical axis, the probability of each choice. */
  readonly probs: readonly Float64Array[]
  /** The best and the worst value of each of the last generations (for the flat-fitness test). */
  readonly funhist: readonly number[]
  /** Why the previous run ended (for tests and the bench), undefined in the first run. */
  readonly stoppedBy?: StopReason
}

export type StopReason = 'flat' | 'tolx' | 'condition' | 'noeffect'

export interface RunSpec {
  readonly n: number
  readonly categories: readonly number[]
  readonly lambda: number
  readonly mean: Float64Array
  readonly sigma0: number
  readonly restart: number
  readonly stoppedBy?: StopReason
  /** Negative weights for the worst half (active CMA). */
  readonly active: boolean
}

/** A fresh run: Hansen's default strategy parameters (positive weights, "The CMA Evolution Strategy: A Tutorial", 2016). */
export function newRun(spec: RunSpec): CmaState {
  const { n, lambda } = spec
  const mu = Math.floor(lambda / 2)
  // Hansen's 2016 weights, negative ones included ("active" CMA, as the cmaes library behind Optuna): the worst
  // half of each generation shrinks the covariance along its directions, which learns ill-conditioned shapes faster.
  const raw = Array.from({ length: lambda }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1))
  const pos = raw.slice(0, mu)
  const neg = raw.slice(mu)
  const sumPos = pos.reduce((a, b) => a + b, 0)
  const sumNeg = -neg.reduce((a, b) => a + b, 0)
  const mueff = sumPos ** 2 / pos.reduce((a, w) => a + w * w, 0)
  const mueffNeg = neg.length === 0 ? 0 : sumNeg ** 2 / neg.reduce((a, w) => a + w * w, 0)
  const cs = (mueff + 2) / (n + mueff + 5)
  const ds = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs
  const cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n)
  const c1 = 2 / ((n + 1.3) ** 2 + mueff)
  const cmu = Math.min(1 - c1, (2 * (0.25 + mueff + 1 / mueff - 2)) / ((n + 2) ** 2 + mueff))
  const negScale = Math.min(1 + c1 / cmu, 1 + (2 * mueffNeg) / (mueff + 2), (1 - c1 - cmu) / (n * cmu))
  const weights = Float64Array.from(raw, (w) => (w >= 0 ? w / sumPos : spec.active ? (negScale * w) / (sumNeg || 1) : 0))
  const C = new Float64Array(n * n)
  const B = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    C[i * n + i] = 1
    B[i * n + i] = 1
  }
  return {
    n,
    restart: spec.restart,
    generation: 0,
    lambda,
    weights,
    mu,
    mueff,
    cs,
    ds,
    cc,
    c1,
    cmu,
    chiN: Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n)),
    mean: Float64Array.from(spec.mean),
    sigma: spec.sigma0,
    sigma0: spec.sigma0,
    C,
    B,
    D: new Float64Array(n).fill(1),
    ps: new Float64Array(n),
    pc: new Float64Array(n),
    A: new Float64Array(n).fill(1),
    probs: spec.categories.map((k) => new Float64Array(k).fill(1 / k)),
    funhist: [],
    ...(spec.stoppedBy ? { stoppedBy: spec.stoppedBy } : {}),
  }
}

/**
 * Default population: Hansen's 4 + ⌊3 ln d⌋ less 3 (at least 4), over every searched axis. HPO budgets are 50–200
 * trials, where more generations beat larger ones: on the suite's tuning seeds (1000–1029) the geometric mean
 * ratio to Optuna's TPE went 0.665 → 0.552 from Hansen's λ to this (bench/results/README.md).
 */
export function defaultLambda(d: number, rule: 'default' | 'hansen' = 'default'): number {
  const hansen = 4 + Math.floor(3 * Math.log(Math.max(1, d)))
  return rule === 'hansen' ? hansen : Math.max(4, hansen - 3)
}

/** B and D of a covariance matrix, eigenvalues floored so that D stays invertible. */
export function decompose(C: Float64Array, n: number): { B: Float64Array; D: Float64Array } {
  const { values, vectors } = symmetricEigen(C, n)
  return { B: vectors, D: Float64Array.from(values, (v) => Math.sqrt(Math.max(v, 1e-30))) }
}
