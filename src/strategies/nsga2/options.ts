/**
 * The options of the `nsga2` strategy. Defaults chosen on the multi-objective benchmark (`npm run bench -- multi`,
 * 200 trials, seeds 0-9); the figures are in bench/results/README.md.
 */
export interface Nsga2Options {
  /** Trials per generation; the first generation is drawn at random (Optuna: 50). */
  readonly populationSize: number
  /** Probability that a child is bred by crossover (else it copies one parent before mutation). */
  readonly crossoverProb: number
  /** Crossover of numeric parameters: simulated binary (`sbx`, Deb and Agrawal 1995) or `uniform` (Optuna's default). */
  readonly crossover: 'sbx' | 'uniform'
  /** SBX distribution index: larger keeps children nearer their parents. */
  readonly crossoverEta: number
  /** Probability that each parameter mutates; default 1 / (number of parameters). */
  readonly mutationProb?: number
  /** Polynomial mutation's distribution index (numeric parameters; categorical ones are drawn anew). */
  readonly mutationEta: number
  /** Accepted for symmetry with other strategies; the study derives every ask's rng from it. */
  readonly seed?: number
}

export const NSGA2_DEFAULTS: Readonly<Omit<Nsga2Options, 'seed' | 'mutationProb'>> = {
  populationSize: 20,
  crossoverProb: 0.9,
  crossover: 'sbx',
  crossoverEta: 15,
  mutationEta: 20,
}

export const NSGA2_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    populationSize: { type: 'integer', minimum: 2, description: 'trials per generation' },
    crossoverProb: { type: 'number', minimum: 0, maximum: 1, description: 'probability that a child is bred by crossover' },
    crossover: { enum: ['sbx', 'uniform'], description: 'crossover of numeric parameters' },
    crossoverEta: { type: 'number', minimum: 0, description: 'SBX distribution index' },
    mutationProb: { type: 'number', minimum: 0, maximum: 1, description: 'probability that each parameter mutates (default 1/parameters)' },
    mutationEta: { type: 'number', minimum: 0, description: 'polynomial mutation distribution index' },
    seed: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const

export type Nsga2OptionsInput = Partial<Nsga2Options>

export function resolveNsga2Options(options: Nsga2OptionsInput): Nsga2Options {
  return { ...NSGA2_DEFAULTS, ...options }
}
