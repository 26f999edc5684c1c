import seedrandom from 'seedrandom'

/** A seeded source of uniform numbers in [0, 1). Every random choice in tunekit goes through one. */
export type Rng = () => number

export function createRng(seed: string | number): Rng {
  const r = seedrandom(String(seed))
  return () => r.quick()
}

/**
 * A seeded Rng that is cheap to create (Alea: a hash of the seed, no key schedule): for draws keyed by a position
 * that are made again on every replay of a history (cmaes draws each generation's members from one per slot).
 */
export function createKeyedRng(seed: string): Rng {
  const r = seedrandom.alea(seed)
  return () => r()
}

/** A 31-bit seed derived from a base seed and a path, e.g. (studySeed, 'trial', 12): stable across runs and processes. */
export function deriveSeed(base: string | number, ...path: readonly (string | number)[]): number {
  return seedrandom.alea(`${base}/${path.join('/')}`).int32() >>> 1
}

/** A fresh random seed for a study that was given none (stored with the study, so a resume is deterministic). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31)
}
