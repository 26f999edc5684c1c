import seedrandom from 'seedrandom'

/** A seeded source of uniform numbers in [0, 1). Every random choice in tunekit goes through one. */
export type Rng = () => number

export function createRng(seed: string | number): Rng {
  const r = seedrandom(String(seed))
  return () => r.quick()
}

/** A 31-bit seed derived from a base seed and a path, e.g. (studySeed, 'trial', 12): stable across runs and processes. */
export function deriveSeed(base: string | number, ...path: readonly (string | number)[]): number {
  return seedrandom.alea(`${base}/${path.join('/')}`).int32() >>> 1
}

/** A fresh random seed for a study that was given none (stored with the study, so a resume is deterministic). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31)
}
