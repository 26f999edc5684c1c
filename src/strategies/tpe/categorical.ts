/**
 * Per-kernel log-probabilities of the choices of a categorical parameter (kernel-major, `levels` per row).
 * Observation kernel i puts weight 1 on its own choice plus a smoothing count of priorWeight/(n+1) on every
 * choice (Optuna's rule), so that one lucky choice never gets probability one; the prior kernel is uniform.
 */
export function categoricalLogTable(n: number, level: (i: number) => number, levels: number, withPrior: boolean, priorWeight: number): Float64Array {
  const kernels = n + (withPrior ? 1 : 0)
  const table = new Float64Array(kernels * levels)
  // A floor on the smoothing keeps log-probabilities finite when the prior is switched off.
  const fill = Math.max(priorWeight, 1e-3) / (n + 1)
  const logOther = Math.log(fill / (1 + levels * fill))
  const logOwn = Math.log((1 + fill) / (1 + levels * fill))
  const logUniform = -Math.log(levels)
  for (let k = 0; k < kernels; k++) {
    const own = k < n ? level(k) : -1
    for (let l = 0; l < levels; l++) table[k * levels + l] = k < n ? (l === own ? logOwn : logOther) : logUniform
  }
  return table
}
