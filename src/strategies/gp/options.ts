import type { Warp } from './warp.js'

/** The options of the `gp` strategy; the figures behind the defaults are in bench/results/README.md. */
export interface GpOptions {
  /** Finished trials drawn quasi-randomly (scrambled Halton) before the model is used (at least 2). */
  readonly startupTrials: number
  /** How objective values are transformed before the fit (warp.ts). */
  readonly warp: Warp
  /** Quasi-random points of the acquisition sweep. */
  readonly sweep: number
  /** Points drawn around each of the 5 best observed points, scored with the sweep. */
  readonly around: number
  /** Coordinate searches from the best candidates. */
  readonly localStarts: number
  /** Running trials join the model as kriging believers (posterior mean as their value), so parallel asks differ. */
  readonly pending: boolean
  readonly seed?: number
}

export const GP_DEFAULTS: Readonly<Omit<GpOptions, 'seed'>> = {
  startupTrials: 10,
  warp: 'power',
  sweep: 1024,
  around: 32,
  localStarts: 3,
  pending: true,
}

export const GP_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    startupTrials: { type: 'integer', minimum: 2, description: 'finished trials drawn quasi-randomly before the model is used' },
    warp: { enum: ['standard', 'power', 'rank'], description: 'output transform before the fit' },
    sweep: { type: 'integer', minimum: 1, maximum: 1000000, description: 'quasi-random points of the acquisition sweep' },
    around: { type: 'integer', minimum: 0, maximum: 100000, description: 'points drawn around each of the best observed points' },
    localStarts: { type: 'integer', minimum: 0, maximum: 100, description: 'coordinate searches from the best candidates' },
    pending: { type: 'boolean', description: 'running trials join the model as kriging believers' },
    seed: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const

export type GpOptionsInput = Partial<GpOptions>

export function resolveGpOptions(options: GpOptionsInput): GpOptions {
  return { ...GP_DEFAULTS, ...options }
}
