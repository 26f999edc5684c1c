/**
 * The options of the `tpe` strategy. Defaults were chosen on the shared benchmark suite
 * (`npm run bench -- sample-efficiency`); the figures behind each are in bench/results/README.md.
 */
export interface TpeOptions {
  /** Fraction of the finished trials that form the good set l(x) (the γ-quantile). */
  readonly gamma: number
  /** Cap on the size of the good set, so that l(x) stays sharp on long studies (Optuna: 25). */
  readonly maxGood: number
  /**
   * Cap on the observations g(x) is fitted on (an even stride through the bad set past it), which bounds the cost of
   * an ask on a long study: 1,000 keeps a 50,000-trial ask within a few ms, and no suite budget (at most 200) reaches it.
   */
  readonly maxBad: number
  /** Candidates drawn from l(x) per ask; the one with the best l(x)/g(x) wins. More is greedier. */
  readonly candidates: number
  /** Finished trials sampled without the model first (the model needs a few points to split; at least 1). */
  readonly startupTrials: number
  /** How the start-up trials are drawn: scrambled Halton (`qmc`, better spread) or `random`. */
  readonly startup: 'qmc' | 'random'
  /**
   * Joint kernels over all the parameters of a subspace (true) or one independent TPE per parameter.
   * The sharp default kernels suit joint estimation; independent ones need `bandwidth: 'optuna', clipFactor: 1`
   * (per-axis marginals narrowed that far converge early: see bench/results/README.md).
   */
  readonly multivariate: boolean
  /** Running trials count as pending with the worst value, so parallel asks do not pile onto one point. */
  readonly constantLiar: boolean
  /** Weight of the prior kernel (uniform-ish over the range) relative to one observation. */
  readonly priorWeight: number
  /**
   * Kernel bandwidth rule in unit space: `optuna` = 0.2·n^(-1/(d+4)) (Optuna's multivariate rule);
   * `scott` = the observations' own spread per axis · n^(-1/(d+4)), so kernels tighten as the good set does;
   * `gaps` = per kernel, the larger gap to its sorted neighbours on each axis (Optuna's univariate rule, its
   * default; bandwidth.ts). `optuna` and `scott` are multiplied by `bandwidthFactor`; all are clipped to
   * [1/min(100, kernels+1), 1] (Optuna's "magic clip", its floor times `clipFactor` on continuous axes).
   */
  readonly bandwidth: 'optuna' | 'scott' | 'gaps'
  /** Multiplies the bandwidth rule's result. */
  readonly bandwidthFactor: number
  /**
   * Multiplies the magic-clip floor 1/min(100, kernels+1) on continuous axes (1 = Optuna's floor).
   * Below 1 lets l(x) tighten around a small good set, which is where most of the final precision comes from.
   */
  readonly clipFactor: number
  /**
   * How a continuous kernel is normalised when l(x) and g(x) are scored: `area` = a true density (each kernel
   * integrates to its weight); `peak` = what Optuna 3.1 computes (its truncated-normal log-pdf omits the 1/σ, so
   * every kernel has the same peak height and a kernel's say grows with its width: the prior and the wide kernels
   * of sparse regions count more, sharp kernels in a crowded g(x) less). Sampling is the same either way.
   */
  readonly kernelNorm: 'area' | 'peak'
  /** `recent`: Optuna's ramp that gives the oldest observations less weight once there are more than 25; `uniform`: all equal. */
  readonly weights: 'uniform' | 'recent'
  /** Accepted for symmetry with other strategies; the study derives every ask's rng from it. */
  readonly seed?: number
}

/** Named option sets; options given next to `preset` override it. */
export type TpePreset = 'optuna'

/**
 * `optuna`: Optuna 3.1's default `TPESampler()` (independent per parameter, gap bandwidths, magic clip, the
 * recency ramp on weights, 10 random start-up trials, 24 candidates, γ = min(ceil(0.1·n), 25), no constant liar).
 * bench/results/README.md measures it against Optuna's own runs.
 */
export const TPE_PRESETS: Readonly<Record<TpePreset, Partial<TpeOptions>>> = {
  optuna: {
    gamma: 0.1,
    maxGood: 25,
    candidates: 24,
    startupTrials: 10,
    startup: 'random',
    multivariate: false,
    constantLiar: false,
    priorWeight: 1,
    bandwidth: 'gaps',
    bandwidthFactor: 1,
    clipFactor: 1,
    kernelNorm: 'peak',
    weights: 'recent',
  },
}

export const TPE_DEFAULTS: Readonly<Omit<TpeOptions, 'seed'>> = {
  gamma: 0.1,
  maxGood: 25,
  maxBad: 1000,
  candidates: 24,
  startupTrials: 10,
  startup: 'random',
  multivariate: true,
  constantLiar: true,
  priorWeight: 1,
  bandwidth: 'scott',
  bandwidthFactor: 1,
  clipFactor: 0.7,
  kernelNorm: 'area',
  weights: 'uniform',
}

/**
 * Where multi-objective studies (MOTPE) start from other defaults; options given explicitly (or by a preset) win.
 * clipFactor 1: the tighter floor of single-objective studies (0.7) narrows l(x) around a good set that must
 * instead cover a front; on C2-DTLZ2 (four disconnected feasible caps) it cost 7 % of hypervolume against Optuna's
 * TPESampler (0.928), at 1 tunekit beats it on all four problems (bench/results/README.md, `npm run bench -- multi`).
 */
export const MULTI_OBJECTIVE_DEFAULTS: Readonly<Partial<TpeOptions>> = { clipFactor: 1 }

/** JSON Schema of the options (besides `name` and `seed`, which the registry handles). */
export const TPE_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    gamma: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'fraction of finished trials in the good set' },
    maxGood: { type: 'integer', minimum: 1, description: 'cap on the good set size' },
    maxBad: { type: 'integer', minimum: 1, description: 'cap on the observations g(x) is fitted on' },
    candidates: { type: 'integer', minimum: 1, maximum: 100000, description: 'candidates drawn from l(x) per ask' },
    startupTrials: { type: 'integer', minimum: 0, description: 'trials sampled before the model is used' },
    startup: { enum: ['qmc', 'random'], description: 'how start-up trials are drawn' },
    multivariate: { type: 'boolean', description: 'joint kernels (true) or independent per parameter' },
    constantLiar: { type: 'boolean', description: 'running trials count as pending with the worst value' },
    priorWeight: { type: 'number', minimum: 0, description: 'weight of the prior kernel' },
    bandwidth: { enum: ['optuna', 'scott', 'gaps'], description: 'kernel bandwidth rule' },
    bandwidthFactor: { type: 'number', exclusiveMinimum: 0, description: 'multiplies the bandwidth rule' },
    clipFactor: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'multiplies the minimum bandwidth on continuous axes' },
    kernelNorm: { enum: ['area', 'peak'], description: 'continuous kernels as true densities (area) or of equal height (peak, Optuna 3.1)' },
    weights: { enum: ['uniform', 'recent'], description: 'observation weights by age' },
    preset: { enum: ['optuna'], description: 'a named option set (optuna = Optuna 3.1 default TPESampler); other options override it' },
    seed: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const

/** The options as given in a study file: any subset, optionally on top of a preset. */
export type TpeOptionsInput = Partial<TpeOptions> & { readonly preset?: TpePreset }

/** Fills in the preset, then the defaults; the registry has already validated `options` against the schema. */
export function resolveOptions(options: TpeOptionsInput): TpeOptions {
  const { preset, ...rest } = options
  return { ...TPE_DEFAULTS, ...(preset ? TPE_PRESETS[preset] : {}), ...rest }
}

/** The options of multi-objective studies: as resolveOptions, with MULTI_OBJECTIVE_DEFAULTS under the preset and the options given. */
export function resolveMultiObjectiveOptions(options: TpeOptionsInput): TpeOptions {
  const { preset, ...rest } = options
  return { ...TPE_DEFAULTS, ...MULTI_OBJECTIVE_DEFAULTS, ...(preset ? TPE_PRESETS[preset] : {}), ...rest }
}

/** Size of the good set among n finished trials: ceil(γ·n), at least 1, at most maxGood and n. */
export function goodCount(n: number, o: Pick<TpeOptions, 'gamma' | 'maxGood'>): number {
  return Math.max(1, Math.min(n, o.maxGood, Math.ceil(o.gamma * n)))
}
