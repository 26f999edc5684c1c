/**
 * Pareto dominance for several objectives, every value already oriented so that lower is better (negate maximised
 * objectives first), with Optuna's constraint convention: a trial is feasible when every constraint value is <= 0, and
 * its violation is the sum of the positive ones.
 */

/** Whether a dominates b: no worse in any objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false
  for (let k = 0; k < a.length; k++) {
    if (a[k]! > b[k]!) return false
    if (a[k]! < b[k]!) better = true
  }
  return better
}

/** The total amount by which constraints are broken (0: feasible). No constraints: feasible. */
export function violation(constraints: readonly number[] | undefined): number {
  let v = 0
  for (const c of constraints ?? []) v += c > 0 ? c : Number.isNaN(c) ? Number.POSITIVE_INFINITY : 0
  return v
}

/**
 * Constraint domination (Deb 2000, as NSGA-II and Optuna use it): a feasible point beats an infeasible one; of two
 * infeasible points the one that breaks its constraints less wins; two feasible points compare by Pareto dominance.
 */
export function constrainedDominates(a: readonly number[], va: number, b: readonly number[], vb: number): boolean {
  if (va === 0 && vb > 0) return true
  if (va > 0 && vb === 0) return false
  if (va > 0 && vb > 0) return va < vb
  return dominates(a, b)
}

/**
 * Fast non-dominated sorting (Deb et al. 2002): the indices of the points in fronts, the first front being the points
 * nothing dominates. O(m·n²). With violations, constraint domination decides.
 */
export function nondominatedFronts(values: readonly (readonly number[])[], violations?: readonly number[]): number[][] {
  const n = values.length
  const beats = (i: number, j: number): boolean =>
    violations ? constrainedDominates(values[i]!, violations[i]!, values[j]!, violations[j]!) : dominates(values[i]!, values[j]!)
  const dominatedBy = Array.from({ length: n }, () => 0)
  const dominating: number[][] = Array.from({ length: n }, () => [])
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (beats(i, j)) {
        dominating[i]!.push(j)
        dominatedBy[j]!++
      } else if (beats(j, i)) {
        dominating[j]!.push(i)
        dominatedBy[i]!++
      }
    }
  }
  const fronts: number[][] = []
  let current = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0)
  while (current.length > 0) {
    fronts.push(current)
    const next: number[] = []
    for (const i of current) {
      for (const j of dominating[i]!) if (--dominatedBy[j]! === 0) next.push(j)
    }
    current = next.sort((a, b) => a - b)
  }
  return fronts
}

/** Crowding distance of each point of one front (NSGA-II): the extremes of each objective get Infinity. */
export function crowdingDistance(front: readonly (readonly number[])[]): number[] {
  const n = front.length
  const d = Array.from({ length: n }, () => 0)
  if (n === 0) return d
  const m = front[0]!.length
  for (let k = 0; k < m; k++) {
    const order = [...Array(n).keys()].sort((a, b) => front[a]![k]! - front[b]![k]!)
    const lo = front[order[0]!]![k]!
    const hi = front[order[n - 1]!]![k]!
    d[order[0]!] = Number.POSITIVE_INFINITY
    d[order[n - 1]!] = Number.POSITIVE_INFINITY
    if (hi === lo) continue
    for (let r = 1; r < n - 1; r++) d[order[r]!]! += (front[order[r + 1]!]![k]! - front[order[r - 1]!]![k]!) / (hi - lo)
  }
  return d
}
