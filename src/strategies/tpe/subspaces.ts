import type { SpaceCodec } from './encode.js'
import type { Observations } from './split.js'

/**
 * Splits the modelled parameters into subspaces that are sampled jointly, each fitted on the trials where
 * it was active ("group by active subspace", like Optuna's `group=True`):
 * - `multivariate: false`: every parameter alone (independent TPE);
 * - a space without conditions: one subspace of every parameter (joint kernels over the whole space);
 * - otherwise two parameters share a subspace when they were active in exactly the same trials, so every
 *   trial of a subspace has all of its dimensions and the joint kernels never see a missing value.
 *   A parameter never active so far gets a subspace of its own (and is drawn uniformly until it has data).
 * Returns, per axis, the sorted axes of its subspace (empty for constants).
 */
export function subspaces(codec: SpaceCodec, obs: Observations, multivariate: boolean): number[][] {
  const axes = codec.axes
  const modelled = axes.map((a, i) => (a.kind === 'const' ? -1 : i)).filter((i) => i >= 0)
  const out: number[][] = axes.map(() => [])
  if (!multivariate) {
    for (const i of modelled) out[i] = [i]
    return out
  }
  if (!codec.conditional) {
    for (const i of modelled) out[i] = modelled
    return out
  }
  // Each distinct activity pattern of a trial, once; a parameter's key is its presence across those patterns.
  const patterns = new Set<string>()
  for (const v of obs.vectors) {
    let key = ''
    for (const i of modelled) key += Number.isNaN(v[i]!) ? '0' : '1'
    patterns.add(key)
  }
  const byKey = new Map<string, number[]>()
  modelled.forEach((axis, pos) => {
    let key = ''
    for (const p of patterns) key += p[pos]
    // Never active: no data to share, so no reason to tie it to others.
    if (!key.includes('1')) key = `never:${axis}`
    const group = byKey.get(key)
    if (group) group.push(axis)
    else byKey.set(key, [axis])
  })
  for (const group of byKey.values()) for (const i of group) out[i] = group
  return out
}
