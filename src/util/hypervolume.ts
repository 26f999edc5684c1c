/**
 * The exact hypervolume of a set of points (every objective minimised) up to a reference point: the volume of the
 * region that some point dominates and that dominates the reference. Points not strictly below the reference in every
 * objective add nothing. Two objectives: one sweep (O(n log n)). Three and more: WFG (While, Bradstreet and Barone,
 * IEEE TEC 2012), each point's exclusive volume being its own box minus the hypervolume of the points limited to it.
 */
export function hypervolume(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const m = ref.length
  const inside = points.filter((p) => p.length === m && p.every((v, k) => Number.isFinite(v) && v < ref[k]!))
  if (inside.length === 0) return 0
  return wfg(nondominated(inside), ref)
}

function wfg(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const m = ref.length
  if (points.length === 0) return 0
  if (m === 1) return ref[0]! - Math.min(...points.map((p) => p[0]!))
  if (m === 2) return sweep2d(points, ref)
  // Sorted worst-first on the last objective, the later points (whose limit sets are taken) tend to dominate less.
  const sorted = [...points].sort((a, b) => b[m - 1]! - a[m - 1]!)
  let total = 0
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!
    const limited: number[][] = []
    for (let j = i + 1; j < sorted.length; j++) limited.push(p.map((v, k) => Math.max(v, sorted[j]![k]!)))
    total += box(p, ref) - wfg(nondominated(limited), ref)
  }
  return total
}

function box(p: readonly number[], ref: readonly number[]): number {
  let v = 1
  for (let k = 0; k < ref.length; k++) v *= ref[k]! - p[k]!
  return v
}

/** Two objectives, a non-dominated set: by the first ascending (so the second descends), each adds its strip. */
function sweep2d(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]!)
  let area = 0
  for (let i = 0; i < sorted.length; i++) {
    const next = i + 1 < sorted.length ? sorted[i + 1]![0]! : ref[0]!
    area += (next - sorted[i]![0]!) * (ref[1]! - sorted[i]![1]!)
  }
  return area
}

/** The points no other point weakly dominates (duplicates kept once). */
export function nondominated(points: readonly (readonly number[])[]): number[][] {
  const out: number[][] = []
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!
    let dominated = false
    for (let j = 0; j < points.length && !dominated; j++) {
      if (i === j) continue
      const q = points[j]!
      let le = true
      let lt = false
      for (let k = 0; k < p.length; k++) {
        if (q[k]! > p[k]!) le = false
        else if (q[k]! < p[k]!) lt = true
      }
      // q dominates p, or q equals p and comes first (a duplicate is counted once).
      if (le && (lt || j < i)) dominated = true
    }
    if (!dominated) out.push([...p])
  }
  return out
}
