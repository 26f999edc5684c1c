import type { Params } from '../../src/index.js'

/**
 * Multi-objective benchmark problems (every objective minimised), the same as bench/multi/optuna_runs.py computes:
 * ZDT1 and ZDT2 (Zitzler, Deb and Thiele 2000: convex and concave two-objective fronts), DTLZ2 (Deb et al. 2002: the
 * unit sphere's positive octant in three objectives) and C2-DTLZ2 (Jain and Deb 2014: DTLZ2 with a constraint that
 * leaves four small feasible caps of the front), each over 6 variables in [0, 1]. The reference points are fixed per
 * problem, a little beyond the worst values a good front reaches.
 */
export interface MultiProblem {
  readonly name: string
  readonly dims: number
  readonly budget: number
  readonly reference: readonly number[]
  objectives(x: readonly number[]): number[]
  /** Constraint values, feasible when every one is <= 0 (Optuna's convention). */
  constraints?(f: readonly number[]): number[]
}

function zdt(x: readonly number[], concave: boolean): number[] {
  const n = x.length
  const f1 = x[0]!
  let s = 0
  for (let i = 1; i < n; i++) s += x[i]!
  const g = 1 + (9 / (n - 1)) * s
  const h = concave ? 1 - (f1 / g) ** 2 : 1 - Math.sqrt(f1 / g)
  return [f1, g * h]
}

export function dtlz2(x: readonly number[], m = 3): number[] {
  let g = 0
  for (let i = m - 1; i < x.length; i++) g += (x[i]! - 0.5) ** 2
  const f: number[] = []
  for (let i = 0; i < m; i++) {
    let v = 1 + g
    for (let j = 0; j < m - 1 - i; j++) v *= Math.cos((x[j]! * Math.PI) / 2)
    if (i > 0) v *= Math.sin((x[m - 1 - i]! * Math.PI) / 2)
    f.push(v)
  }
  return f
}

/** C2-DTLZ2's constraint (r = 0.4 for three objectives): inside a cap around an axis corner or around the centre line. */
export function c2Constraint(f: readonly number[], r = 0.4): number[] {
  const m = f.length
  let caps = Number.POSITIVE_INFINITY
  for (let i = 0; i < m; i++) {
    let v = (f[i]! - 1) ** 2 - r * r
    for (let j = 0; j < m; j++) if (j !== i) v += f[j]! ** 2
    caps = Math.min(caps, v)
  }
  let centre = -r * r
  for (const v of f) centre += (v - 1 / Math.sqrt(m)) ** 2
  return [Math.min(caps, centre)]
}

export const MULTI_PROBLEMS: readonly MultiProblem[] = [
  { name: 'zdt1', dims: 6, budget: 200, reference: [1.1, 11], objectives: (x) => zdt(x, false) },
  { name: 'zdt2', dims: 6, budget: 200, reference: [1.1, 11], objectives: (x) => zdt(x, true) },
  { name: 'dtlz2', dims: 6, budget: 200, reference: [1.5, 1.5, 1.5], objectives: (x) => dtlz2(x) },
  { name: 'c2_dtlz2', dims: 6, budget: 200, reference: [1.5, 1.5, 1.5], objectives: (x) => dtlz2(x), constraints: (f) => c2Constraint(f) },
]

/** The problem's variables as a search space (x1..xn floats in [0, 1]) and its params as a vector. */
export function multiSpace(p: MultiProblem): Record<string, { type: 'float'; low: number; high: number }> {
  return Object.fromEntries(Array.from({ length: p.dims }, (_, i) => [`x${i + 1}`, { type: 'float' as const, low: 0, high: 1 }]))
}

export function vectorOf(p: MultiProblem, params: Readonly<Params>): number[] {
  return Array.from({ length: p.dims }, (_, i) => Number(params[`x${i + 1}`]))
}
