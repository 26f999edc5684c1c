import { existsSync, readFileSync } from 'node:fs'
import { FAMILIES, familyOf, type BenchProblem } from './problems.js'

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

/**
 * Final simple regrets of one sampler on one problem, one per seed. Clamped at 0 as the suite's summarize.py does:
 * rounding can land a hair below the stated optimum (goldstein_price about 4e-14 below 3), and a negative regret
 * would give a negative ratio and no geometric mean.
 */
export function finalRegrets(runs: readonly Run[], sampler: string, problem: BenchProblem): number[] {
  return runs
    .filter((r) => r.sampler === sampler && r.problem === problem.name)
    .map((r) => Math.max(0, r.best_so_far[Math.min(problem.budget, r.best_so_far.length) - 1]! - problem.optimum))
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

interface Sampled {
  readonly runs: readonly Run[]
  readonly sampler: string
}
type Reference = Sampled & { readonly label: string }

/** Per problem that both ran: the ratio of our median final regret to the reference's. */
export function problemRatios(problems: readonly BenchProblem[], ours: Sampled, ref: Sampled): Map<string, number> {
  const out = new Map<string, number>()
  for (const p of problems) {
    const mine = finalRegrets(ours.runs, ours.sampler, p)
    const theirs = finalRegrets(ref.runs, ref.sampler, p)
    if (mine.length > 0 && theirs.length > 0) out.set(p.name, ratio(median(mine), median(theirs)))
  }
  return out
}

/** The comparison of one sampler's final regrets against references, per problem, with geometric means. */
export function regretComparison(problems: readonly BenchProblem[], ours: Sampled, refs: readonly Reference[]): string {
  const header = ['problem (budget)', `${ours.sampler} median [p25, p75]`]
  for (const r of refs) header.push(`${r.label} median`, `ratio vs ${r.label}`)
  const ratios = refs.map((r) => problemRatios(problems, ours, r))
  const rows = problems.map((p) => {
    const mine = finalRegrets(ours.runs, ours.sampler, p)
    const row = [`${p.name} (${p.budget})`, `${fmt(median(mine))} [${fmt(quantile(mine, 0.25))}, ${fmt(quantile(mine, 0.75))}]`]
    refs.forEach((r, i) => {
      const q = ratios[i]!.get(p.name)
      row.push(q === undefined ? '–' : fmt(median(finalRegrets(r.runs, r.sampler, p))), q === undefined ? '–' : fmt(q))
    })
    return row
  })
  const foot = ['**geomean**', '']
  for (const rs of ratios) {
    const qs = [...rs.values()]
    foot.push(`at most theirs on ${qs.filter((q) => q <= 1).length}/${qs.length}`, `**${fmt(geomean(qs))}**`)
  }
  return markdownTable(header, [...rows, foot])
}

/**
 * The verdict by family: per reference, the geometric mean of the ratios over each family, its worst problem, and
 * the geometric mean over the rest of the suite with that family left out (a default must not win on one family only).
 */
export function familyBreakdown(problems: readonly BenchProblem[], ours: Sampled, refs: readonly Reference[]): string {
  const families = [...FAMILIES, 'other' as const].filter((f) => problems.some((p) => familyOf(p.name) === f))
  const groups: [string, BenchProblem[]][] = [
    ['all', [...problems]],
    ...families.map((f): [string, BenchProblem[]] => [f, problems.filter((p) => familyOf(p.name) === f)]),
  ]
  const header = ['problems']
  for (const r of refs) header.push(`vs ${r.label}: geomean`, 'worst', 'geomean without them')
  const ratios = refs.map((r) => problemRatios(problems, ours, r))
  const cell = (rs: Map<string, number>, members: readonly BenchProblem[]): string => {
    const qs = members.flatMap((p) => (rs.has(p.name) ? [rs.get(p.name)!] : []))
    return qs.length === 0 ? '–' : `${fmt(geomean(qs))}${qs.length < members.length ? ` (${qs.length} of ${members.length})` : ''}`
  }
  const rows = groups.map(([name, members]) => {
    const row = [`${name} (${members.length})`]
    for (const rs of ratios) {
      const worst = members.filter((p) => rs.has(p.name)).sort((a, b) => rs.get(b.name)! - rs.get(a.name)!)[0]
      const rest = problems.filter((p) => !members.includes(p))
      row.push(cell(rs, members), worst ? `${worst.name} ${fmt(rs.get(worst.name)!)}` : '–', rest.length === 0 ? '–' : cell(rs, rest))
    }
    return row
  })
  return markdownTable(header, rows)
}
