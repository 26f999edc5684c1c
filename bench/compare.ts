import { existsSync, readFileSync } from 'node:fs'
import type { BenchProblem } from './problems.js'

/** One run in the shared result format (see the suite's README). */
export interface Run {
  readonly problem: string
  readonly sampler: string
  readonly seed: number
  readonly best_so_far: readonly number[]
}

/** Reads a result file: `{meta, runs}`, a plain array of runs, or JSON Lines. */
export function loadRuns(path: string): Run[] {
  const text = readFileSync(path, 'utf8').trim()
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    data = text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as unknown)
  }
  if (!Array.isArray(data)) data = (data as { runs?: unknown }).runs
  if (!Array.isArray(data)) throw new Error(`${path}: expected a list of runs`)
  return data as Run[]
}

/** Runs from a file if it exists, else none (a missing reference only drops a column). */
export function loadRunsIfPresent(path: string): Run[] {
  return existsSync(path) ? loadRuns(path) : []
}

/** Linear-interpolation quantile (numpy's default, as summarize.py uses). */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const pos = (s.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(lo + 1, s.length - 1)
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo)
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5)

/** Final simple regrets of one sampler on one problem, one per seed. */
export function finalRegrets(runs: readonly Run[], sampler: string, problem: BenchProblem): number[] {
  return runs
    .filter((r) => r.sampler === sampler && r.problem === problem.name)
    .map((r) => r.best_so_far[Math.min(problem.budget, r.best_so_far.length) - 1]! - problem.optimum)
}

/** The ratio the suite's README defines: (ours + 1e-12) / (reference + 1e-12); below 1 beats the reference. */
export function ratio(ours: number, ref: number): number {
  return (ours + 1e-12) / (ref + 1e-12)
}

export function geomean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length)
}

/** A number in 3 significant digits, like the reference tables. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return '0'
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(2)
}

/** A markdown table (so the output can be pasted into a report as is). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** The comparison of one sampler's final regrets against references, per problem, with geometric means. */
export function regretComparison(
  problems: readonly BenchProblem[],
  ours: { runs: readonly Run[]; sampler: string },
  refs: readonly { runs: readonly Run[]; sampler: string; label: string }[],
): string {
  const header = ['problem (budget)', `${ours.sampler} median [p25, p75]`]
  for (const r of refs) header.push(`${r.label} median`, `ratio vs ${r.label}`)
  const ratios: number[][] = refs.map(() => [])
  const wins = refs.map(() => 0)
  const rows = problems.map((p) => {
    const mine = finalRegrets(ours.runs, ours.sampler, p)
    const m = median(mine)
    const row = [`${p.name} (${p.budget})`, `${fmt(m)} [${fmt(quantile(mine, 0.25))}, ${fmt(quantile(mine, 0.75))}]`]
    refs.forEach((r, i) => {
      const theirs = finalRegrets(r.runs, r.sampler, p)
      if (theirs.length === 0) {
        row.push('–', '–')
        return
      }
      const q = ratio(m, median(theirs))
      ratios[i]!.push(q)
      if (q <= 1) wins[i]!++
      row.push(fmt(median(theirs)), fmt(q))
    })
    return row
  })
  const foot = ['**geomean**', '']
  for (let i = 0; i < refs.length; i++) foot.push(`at most theirs on ${wins[i]}/${ratios[i]!.length}`, `**${fmt(geomean(ratios[i]!))}**`)
  return markdownTable(header, [...rows, foot])
}
