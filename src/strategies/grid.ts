import { DEFAULT_GRID_POINTS, gridCellAt, gridCells, gridSize, paramsKey, randomGridCell } from '../space/grid.js'
import type { Params, SearchSpace } from '../space/types.js'
import { releasesKey } from '../trial/state.js'
import type { TrialRecord } from '../trial/types.js'
import { EXHAUSTED, type AskContext, type Exhausted, type Strategy, type StrategyFactory } from './types.js'

/** A trial occupies its cell unless its run was cut short (interrupted, worker lost): those cells are run again. */
function occupies(t: TrialRecord): boolean {
  return !releasesKey(t)
}

/** Grids up to this many cells are listed once; larger ones are decoded cell by cell. */
const LISTED_CELLS = 100_000

/**
 * Every valid cell once, in a seeded random order among the cells no trial has taken (uniform over the free cells).
 * A large grid is never listed: a random cell index is decoded and redrawn while taken, which is cheap because a sweep
 * takes a small part of a large grid; a scan from a random index finds the last free cells.
 */
export class GridStrategy implements Strategy {
  readonly name = 'grid'
  uniqueKey(params: Params): string {
    return paramsKey(params)
  }
  private cells: { space: SearchSpace; list: Params[]; keys: string[] } | undefined
  private sizes: { space: SearchSpace; size: number } | undefined

  constructor(private readonly gridPoints: number) {}

  ask(ctx: AskContext): Params | Exhausted {
    const taken = new Set<string>()
    for (const t of ctx.trials) if (occupies(t)) taken.add(paramsKey(t.params))
    const size = this.sizeOf(ctx.space)
    if (size > LISTED_CELLS) return this.askLarge(ctx, size, taken)
    const cells = this.cellsOf(ctx.space)
    const free: number[] = []
    for (let i = 0; i < cells.keys.length; i++) if (!taken.has(cells.keys[i]!)) free.push(i)
    if (free.length === 0) return EXHAUSTED
    return { ...cells.list[free[Math.floor(ctx.rng() * free.length)]!]! }
  }

  private askLarge(ctx: AskContext, size: number, taken: ReadonlySet<string>): Params | Exhausted {
    for (let attempt = 0; attempt < 64; attempt++) {
      const cell = randomGridCell(ctx.space, ctx.rng, this.gridPoints)
      if (!taken.has(paramsKey(cell))) return cell
    }
    // Past 2^53 cells an index is not exact, and a sweep cannot have taken most of them: keep drawing.
    if (!Number.isSafeInteger(size)) {
      for (;;) {
        const cell = randomGridCell(ctx.space, ctx.rng, this.gridPoints)
        if (!taken.has(paramsKey(cell))) return cell
      }
    }
    const start = Math.floor(ctx.rng() * size)
    for (let k = 0; k < size; k++) {
      const cell = gridCellAt(ctx.space, (start + k) % size, this.gridPoints)
      if (!taken.has(paramsKey(cell))) return cell
    }
    return EXHAUSTED
  }

  private sizeOf(space: SearchSpace): number {
    if (this.sizes?.space !== space) this.sizes = { space, size: gridSize(space, this.gridPoints) }
    return this.sizes.size
  }

  /** The cells depend on the space alone, so they are computed once per space. */
  private cellsOf(space: SearchSpace): { list: Params[]; keys: string[] } {
    if (this.cells?.space !== space) {
      const list = gridCells(space, this.gridPoints)
      this.cells = { space, list, keys: list.map(paramsKey) }
    }
    return this.cells
  }
}

export const grid: StrategyFactory<{ readonly gridPoints?: number }> = {
  description: 'every combination once (categorical values, every int or step, gridPoints per float axis), in seeded random order',
  optionsSchema: {
    type: 'object',
    properties: {
      gridPoints: { type: 'integer', minimum: 1, maximum: 1000, description: `values per float axis without a step (default ${DEFAULT_GRID_POINTS})` },
    },
    additionalProperties: false,
  },
  create: (o) => new GridStrategy(o.gridPoints ?? DEFAULT_GRID_POINTS),
}
