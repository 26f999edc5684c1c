/** The options of the `cmaes` strategy (all in the space's unit box, where every numeric axis spans [0, 1]). */
export interface CmaesOptions {
  /** Initial step size in the unit box (Optuna: a sixth of the smallest range, here 1/6 of every axis). */
  readonly sigma0: number
  /**
   * Population size λ of the first run; default max(4, 1 + ⌊3 ln n⌋) over the n axes (numeric and categorical);
   * `hansen`: the textbook 4 + ⌊3 ln n⌋.
   */
  readonly popsize?: number | 'hansen'
  /** Negative weights for the worst half (active CMA, Hansen 2016, as the cmaes library); false: positive weights only. */
  readonly active: boolean
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
   * Draws outside the unit box on continuous axes. `resample`: draw again (up to 10·n times, then clip: the cmaes
   * library's rule) whenever a coordinate is out. `clip`: keep the draw, evaluate at the clipped point (as discrete
   * axes always are), so that optima on a bound (a zero dropout) are reached exactly. `auto`: resample on
   * unconditional axes, clip on conditional ones (inactive in part of the population, where a rejection would redraw
   * the active axes for nothing; jenatton's conditional r8 has its optimum on its bound).
   */
  readonly bounds: 'resample' | 'clip' | 'auto'
}

export type CmaesOptionsInput = Partial<CmaesOptions>

export const CMAES_DEFAULTS: CmaesOptions = {
  sigma0: 1 / 6,
  restarts: 'ipop',
  active: true,
  incPopsize: 2,
  categoricalRate: 0.5,
  bounds: 'auto',
}

export const CMAES_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    sigma0: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'initial step size in the unit box', default: CMAES_DEFAULTS.sigma0 },
    popsize: {
      anyOf: [{ type: 'integer', minimum: 2, maximum: 10000 }, { const: 'hansen' }],
      description: 'population size of the first run (default max(4, 1 + floor(3 ln n)) over the n searched axes; "hansen": 4 + floor(3 ln n))',
    },
    active: { type: 'boolean', description: 'negative weights for the worst half of each generation (active CMA)', default: true },
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
    bounds: {
      enum: ['resample', 'clip', 'auto'],
      description: 'draws outside the box on continuous axes: resample, clip, or auto (clip on conditional axes only)',
      default: CMAES_DEFAULTS.bounds,
    },
    seed: { type: 'integer', minimum: 0, description: 'accepted for symmetry; the study seed drives every ask' },
  },
  additionalProperties: false,
} as const

export function resolveOptions(input: CmaesOptionsInput): CmaesOptions {
  const out: Record<string, unknown> = { ...CMAES_DEFAULTS }
  for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'seed') out[k] = v
  return out as unknown as CmaesOptions
}
