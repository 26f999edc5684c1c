/** The options of the `cmaes` strategy (all in the space's unit box, where every numeric axis spans [0, 1]). */
export interface CmaesOptions {
  /** Initial step size in the unit box (Optuna: a sixth of the smallest range, here 1/6 of every axis). */
  readonly sigma0: number
  /** Population size λ of the first run; default 4 + ⌊3 ln n⌋ over the n axes (numeric and categorical). */
  readonly popsize?: number
  /** `ipop`: restart with a larger population when a run stalls; `none`: one run to the end. */
  readonly restarts: 'ipop' | 'none'
  /** Factor by which each IPOP restart multiplies the population. */
  readonly incPopsize: number
  /** Where the first run starts, by parameter name (default: the centre of the unit box, i.e. of each axis). */
  readonly x0?: Readonly<Record<string, number>>
  /**
   * Learning rate of the per-choice probabilities of categorical axes: after each generation they move this far
   * toward the weighted choice frequencies of the generation's best half.
   */
  readonly categoricalRate: number
  /**
   * Draws outside the unit box on continuous axes: `resample` (up to 10·n times, then clip: the cmaes library's
   * rule) or `clip` (at once, so that optima on a bound, such as a zero dropout, are reached exactly).
   */
  readonly bounds: 'resample' | 'clip'
}

export type CmaesOptionsInput = Partial<CmaesOptions>

export const CMAES_DEFAULTS: CmaesOptions = {
  sigma0: 1 / 6,
  restarts: 'ipop',
  incPopsize: 2,
  categoricalRate: 0.3,
  bounds: 'resample',
}

export const CMAES_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    sigma0: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'initial step size in the unit box', default: CMAES_DEFAULTS.sigma0 },
    popsize: { type: 'integer', minimum: 2, maximum: 10000, description: 'population size of the first run (default 4 + floor(3 ln n))' },
    restarts: { enum: ['ipop', 'none'], description: 'restart with a growing population when a run stalls', default: CMAES_DEFAULTS.restarts },
    incPopsize: { type: 'number', minimum: 1, maximum: 10, description: 'population growth factor per IPOP restart', default: CMAES_DEFAULTS.incPopsize },
    x0: {
      type: 'object',
      additionalProperties: { type: 'number' },
      description: 'start point by parameter name, in parameter units (default: the centre of each axis)',
    },
    categoricalRate: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'learning rate of categorical choice probabilities per generation',
      default: CMAES_DEFAULTS.categoricalRate,
    },
    bounds: { enum: ['resample', 'clip'], description: 'draws outside the box on continuous axes: resample, or clip at once', default: CMAES_DEFAULTS.bounds },
    seed: { type: 'integer', minimum: 0, description: 'accepted for symmetry; the study seed drives every ask' },
  },
  additionalProperties: false,
} as const

export function resolveOptions(input: CmaesOptionsInput): CmaesOptions {
  const out: Record<string, unknown> = { ...CMAES_DEFAULTS }
  for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'seed') out[k] = v
  return out as unknown as CmaesOptions
}
