import { median } from 'simple-statistics'
import type { Direction } from '../trial/types.js'
import { formatNumber } from '../util/table.js'
import { formatP, holmAdjust, mannWhitneyU } from './stats.js'

/** A rank test needs this many runs per group: with 3 against 3 the smallest possible two-sided p is already 0.1. */
export const MIN_RUNS = 3
/** The level at which a difference is called one. */
export const ALPHA = 0.05

/** A Mann-Whitney U test of the final best values of two groups, the better one (by U) first. */
export interface GroupTest {
  readonly better: string
  readonly worse: string
  readonly medianBetter: number
  readonly medianWorse: number
  readonly runsBetter: number
  readonly runsWorse: number
  /** U of the better group, and the chance that one of its runs beats one of the other's. */
  readonly u: number
  readonly superiority: number
  readonly p: number
  /** p after Holm's adjustment over every test made in this comparison. */
  readonly pAdjusted: number
  readonly method: 'exact' | 'normal'
  /** Whether pAdjusted < ALPHA. */
  readonly significant: boolean
  /** e.g. "tpe beats random: median 0.031 vs 0.118, p = 0.004, 10 runs each" */
  readonly statement: string
}

export interface SkippedTest {
  readonly groups: readonly [string, string]
  readonly statement: string
}

/** The data a test needs about a group. */
export interface GroupSample {
  readonly name: string
  readonly runs: number
  readonly finalBest: readonly number[]
}

/**
 * Tests every pair of groups with at least MIN_RUNS runs with a best value; pairs with fewer get a sentence that
 * says why not. Many pairs inflate false alarms, so p-values are Holm-adjusted over all tests made.
 */
export function compareGroups(groups: readonly GroupSample[], direction: Direction): { tests: GroupTest[]; skipped: SkippedTest[] } {
  const raw: Omit<GroupTest, 'pAdjusted' | 'significant' | 'statement'>[] = []
  const skipped: SkippedTest[] = []
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const a = groups[i]!
      const b = groups[j]!
      const short = [a, b].filter((g) => g.finalBest.length < MIN_RUNS)
      if (short.length > 0) {
        const why = short.map((g) => `${g.name} has ${g.finalBest.length} run${g.finalBest.length === 1 ? '' : 's'} with a result`).join(' and ')
        skipped.push({
          groups: [a.name, b.name],
          statement: `${a.name} vs ${b.name}: no test, because ${why}; a rank test needs at least ${MIN_RUNS} runs per group`,
        })
        continue
      }
      const r = mannWhitneyU(a.finalBest, b.finalBest, direction)
      const aBetter = r.superiority >= 0.5
      const [better, worse] = aBetter ? [a, b] : [b, a]
      raw.push({
        better: better.name,
        worse: worse.name,
        medianBetter: median([...better.finalBest]),
        medianWorse: median([...worse.finalBest]),
        runsBetter: better.finalBest.length,
        runsWorse: worse.finalBest.length,
        u: aBetter ? r.u : r.nA * r.nB - r.u,
        superiority: aBetter ? r.superiority : 1 - r.superiority,
        p: r.p,
        method: r.method,
      })
    }
  }
  const adjusted = holmAdjust(raw.map((t) => t.p))
  const tests = raw
    .map((t, k) => {
      const pAdjusted = adjusted[k]!
      const significant = pAdjusted < ALPHA
      return { ...t, pAdjusted, significant, statement: statement(t, pAdjusted, significant) }
    })
    .sort((x, y) => x.pAdjusted - y.pAdjusted || x.better.localeCompare(y.better))
  return { tests, skipped }
}

function statement(t: Omit<GroupTest, 'pAdjusted' | 'significant' | 'statement'>, p: number, significant: boolean): string {
  const runs = t.runsBetter === t.runsWorse ? `${t.runsBetter} runs each` : `${t.runsBetter} and ${t.runsWorse} runs`
  const figures = `median ${formatNumber(t.medianBetter)} vs ${formatNumber(t.medianWorse)}, ${formatP(p)}, ${runs}`
  return significant ? `${t.better} beats ${t.worse}: ${figures}` : `${t.better} vs ${t.worse}: no clear difference (${figures})`
}
