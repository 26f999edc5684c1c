/**
 * Log-probabilities of the choices of a categorical parameter, one row per choice plus a last row for the
 * prior kernel ((levels+1) rows of `levels`); an observation kernel uses the row of its own choice.
 * That kernel puts weight 1 on its choice plus a smoothing count of priorWeight/(n+1) on every choice
 * (Optuna's rule), so that one lucky choice never gets probability one; the prior kernel is uniform.
 */
export function categoricalLogRows(n: number, levels: number, priorWeight: number): Float64Array {
  const table = new Float64Array((levels + 1) * levels)
  // A floor on the smoothing keeps log-probabilities finite when the prior is switched off.
  const fill = Math.max(priorWeight, 1e-3) / (n + 1)
  const logOther = Math.log(fill / (1 + levels * fill))
  const logOwn = Math.log((1 + fill) / (1 + levels * fill))
  const logUniform = -Math.log(levels)
  for (let r = 0; r <= levels; r++) {
    for (let l = 0; l < levels; l++) table[r * levels + l] = r === levels ? logUniform : l === r ? logOwn : logOther
  }
  return table
}
