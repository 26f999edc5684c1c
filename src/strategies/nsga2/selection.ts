import { crowdingDistance } from '../../trial/pareto.js'

/** A candidate parent: its unit-box vector (NaN where inactive), oriented objective values and constraint violation. */
export interface Individual {
  readonly vector: Float64Array
  readonly values: readonly number[]
  readonly violation: number
}

/** A parent population: each member with its non-domination rank and crowding distance, for tournaments. */
export interface Population {
  readonly members: readonly Individual[]
  readonly rank: readonly number[]
  readonly crowding: readonly number[]
}

/**
 * NSGA-II's environmental selection with Deb's constraint domination: the `size` best of `pool`. Feasible
 * individuals first, by non-domination rank, whole fronts while they fit, the front that does not by crowding
 * distance (most isolated first); then infeasible ones by total violation. Only the fronts needed are sorted.
 */
export function selectPopulation(pool: readonly Individual[], size: number): Population {
  const members: Individual[] = []
  const rank: number[] = []
  const crowding: number[] = []
  let remaining = pool.filter((x) => x.violation === 0)
  let r = 0
  while (members.length < size && remaining.length > 0) {
    const { front, rest } = firstFront(remaining)
    const d = crowdingDistance(front.map((x) => x.values))
    const order = front.map((_, i) => i)
    if (front.length > size - members.length) order.sort((a, b) => d[b]! - d[a]! || a - b)
    for (const i of order.slice(0, size - members.length)) {
      members.push(front[i]!)
      rank.push(r)
      crowding.push(d[i]!)
    }
    remaining = rest
    r++
  }
  const infeasible = pool.filter((x) => x.violation > 0).sort((a, b) => a.violation - b.violation)
  for (const x of infeasible.slice(0, size - members.length)) {
    members.push(x)
    // Infeasible parents rank below every feasible one, among themselves by violation.
    rank.push(r++)
    crowding.push(0)
  }
  return { members, rank, crowding }
}

/** The individuals nothing else in `among` dominates, and the rest (order kept). */
function firstFront(among: readonly Individual[]): { front: Individual[]; rest: Individual[] } {
  const archive: number[] = []
  const out = new Uint8Array(among.length)
  for (let i = 0; i < among.length; i++) {
    const p = among[i]!.values
    let beaten = false
    for (let a = 0; a < archive.length; a++) {
      const q = among[archive[a]!]!.values
      let qBetter = false
      let pBetter = false
      for (let k = 0; k < p.length; k++) {
        if (q[k]! < p[k]!) qBetter = true
        else if (q[k]! > p[k]!) pBetter = true
      }
      if (qBetter && !pBetter) {
        beaten = true
        break
      }
      if (pBetter && !qBetter) {
        out[archive[a]!] = 1
        archive[a] = archive[archive.length - 1]!
        archive.pop()
        a--
      }
    }
    if (beaten) out[i] = 1
    else archive.push(i)
  }
  const front: Individual[] = []
  const rest: Individual[] = []
  among.forEach((x, i) => {
    ;(out[i] ? rest : front).push(x)
  })
  return { front, rest }
}

/** Binary tournament: of two random members, the lower rank, then the larger crowding distance, wins. */
export function tournament(pop: Population, rng: () => number): Individual {
  const n = pop.members.length
  const a = Math.floor(rng() * n)
  const b = Math.floor(rng() * n)
  if (pop.rank[a]! !== pop.rank[b]!) return pop.members[pop.rank[a]! < pop.rank[b]! ? a : b]!
  return pop.members[pop.crowding[a]! >= pop.crowding[b]! ? a : b]!
}
