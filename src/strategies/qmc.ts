import { createRng, type Rng } from '../util/rng.js'
import { fromUnit } from '../space/transform.js'
import { sampleActive } from './sample.js'
import type { Params } from '../space/types.js'
import type { AskContext, Strategy, StrategyFactory } from './types.js'

const PRIMES: number[] = firstPrimes(256)

/** The first n primes; the list grows on demand (a space may have more than 256 parameters). */
function primes(n: number): readonly number[] {
  if (PRIMES.length < n) PRIMES.splice(0, PRIMES.length, ...firstPrimes(n))
  return PRIMES
}

/**
 * Scrambled Halton sequence: dimension d uses base PRIMES[d], and every digit position of every dimension
 * has its own random permutation of the digits (seeded by the study seed), which breaks the correlations
 * plain Halton shows between high dimensions. Point i goes to trial i, so a resume continues the sequence.
 * Each parameter owns one dimension whether active or not; values map through the parameter's transform.
 */
export class QmcStrategy implements Strategy {
  readonly name = 'qmc'
  /** Point i belongs to trial i: two workers that computed the same point collide on its key, and one moves on. */
  uniqueKey(_params: Params, ctx: AskContext): string {
    return `halton point ${ctx.number}`
  }
  private perms: { seed: number; table: Uint16Array[][] } | undefined

  ask(ctx: AskContext): ReturnType<Strategy['ask']> {
    const table = this.permutations(ctx.seed, ctx.space.parameters.length)
    const bases = primes(ctx.space.parameters.length)
    return sampleActive(ctx.space, (p, dim) => fromUnit(p, haltonScrambled(ctx.number, bases[dim]!, table[dim]!)))
  }

  private permutations(seed: number, dims: number): Uint16Array[][] {
    if (!this.perms || this.perms.seed !== seed || this.perms.table.length < dims) {
      const rng = createRng(`qmc/${seed}`)
      this.perms = {
        seed,
        table: primes(Math.max(dims, 1))
          .slice(0, Math.max(dims, 1))
          .map((b) => digitPermutations(b, rng)),
      }
    }
    return this.perms.table
  }
}

/** The radical inverse of `index` in base `b`, each digit position permuted by its own permutation. */
export function haltonScrambled(index: number, b: number, perms: readonly Uint16Array[]): number {
  let x = 0
  let scale = 1 / b
  let n = index
  // Run through every digit position we have permutations for: zero digits map to non-zero ones too.
  for (let k = 0; k < perms.length; k++) {
    const digit = n % b
    n = Math.floor(n / b)
    x += perms[k]![digit]! * scale
    scale /= b
    if (scale < 1e-16) break
  }
  return x
}

function digitPermutations(b: number, rng: Rng): Uint16Array[] {
  const positions = Math.ceil(53 / Math.log2(b))
  return Array.from({ length: positions }, () => {
    const p = Uint16Array.from({ length: b }, (_, i) => i)
    for (let i = b - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      const t = p[i]!
      p[i] = p[j]!
      p[j] = t
    }
    return p
  })
}

function firstPrimes(n: number): number[] {
  const out: number[] = []
  for (let c = 2; out.length < n; c++) if (out.every((p) => c % p !== 0)) out.push(c)
  return out
}

export const qmc: StrategyFactory<Readonly<Record<never, never>>> = {
  description: 'scrambled Halton quasi-random sequence (random digit permutations), seeded',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  create: () => new QmcStrategy(),
}
