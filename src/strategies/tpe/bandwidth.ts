/**
 * Optuna's univariate bandwidth rule ("gaps"), for one axis in unit space: kernel i is as wide as the larger of
 * the gaps to its sorted neighbours, the range ends [0, 1] acting as the outer neighbours; the two extreme
 * kernels use only their inner gap (Optuna's `consider_endpoints=False`: a lone point near an end would otherwise
 * get a kernel as wide as its distance to the end). Widths are clipped to [floor, 1].
 * `centres` holds the observations and, last when `withPrior`, the prior's centre (0.5), which takes part in
 * the sort like any point and whose own width the caller sets to the range afterwards.
 * O(k log k) for k centres.
 */
export function gapWidths(centres: Float64Array, floor: number): Float64Array {
  const k = centres.length
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => centres[a]! - centres[b]! || a - b)
  const sorted = order.map((i) => centres[i]!)
  const out = new Float64Array(k)
  for (let r = 0; r < k; r++) {
    const left = sorted[r]! - (r > 0 ? sorted[r - 1]! : 0)
    const right = (r < k - 1 ? sorted[r + 1]! : 1) - sorted[r]!
    let w = Math.max(left, right)
    if (k >= 2 && r === 0) w = right
    else if (k >= 2 && r === k - 1) w = left
    out[order[r]!] = Math.min(1, Math.max(floor, w))
  }
  return out
}
