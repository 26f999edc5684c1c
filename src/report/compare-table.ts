import { formatDuration, formatNumber, formatTable } from '../util/table.js'
import { escapeControl } from '../util/text.js'
import type { Comparison } from './compare.js'
import { ALPHA } from './group-tests.js'

/** The plain-text form of `tunekit compare`: experiments side by side, groups, then the tests in sentences. */
export function compareTable(c: Comparison): string {
  const lines: string[] = []
  lines.push(`${c.experiments.length} experiment${c.experiments.length === 1 ? '' : 's'}, ${c.direction} ${c.metric}, grouped by ${c.groupBy}`)
  lines.push('')
  lines.push(
    formatTable(
      ['experiment', c.groupBy, 'best', 'trials', 'to 1%', 'area', 'wall', 'complete', 'pruned', 'fail', 'running'],
      c.experiments.map((e) => [
        e.label,
        e.group,
        e.best,
        e.trials,
        e.trialsToWithin1Percent ?? 'never',
        e.area === null ? null : Number(e.area.toFixed(3)),
        e.wallMs === null ? '' : formatDuration(e.wallMs),
        e.counts.complete,
        e.counts.pruned,
        e.counts.fail,
        e.counts.running + e.counts.waiting,
      ]),
    ),
  )
  lines.push(
    `  to 1%: finished trials until the best so far was within 1% of the best of all (${c.bounds === null ? 'none yet' : formatNumber(c.bounds.best)});`,
    `  area: mean normalised best-so-far over the first ${c.horizon} trials (0: the best at once, 1: no better than the worst start)`,
  )
  if (c.groups.length > 1 || c.groups.some((g) => g.runs > 1)) {
    lines.push('')
    lines.push(
      formatTable(
        ['group', 'runs', 'median best', 'q1', 'q3', 'median area'],
        c.groups.map((g) => [g.name, g.runs, g.median, g.q1, g.q3, g.medianArea === null ? null : Number(g.medianArea.toFixed(3))]),
      ),
    )
  }
  if (c.tests.length > 0 || c.skipped.length > 0) {
    lines.push('')
    const adjusted = c.tests.length > 1 ? `, p-values Holm-adjusted over ${c.tests.length} tests` : ''
    lines.push(`final best values, Mann-Whitney U test (two-sided${adjusted}; a difference when p < ${ALPHA}):`)
    for (const t of c.tests) lines.push(`  ${t.statement}`)
    for (const s of c.skipped) lines.push(`  ${s.statement}`)
  }
  for (const n of c.notes) lines.push('', `note: ${n}`)
  // Labels, groups and notes come from stores and file names: no control character reaches the terminal.
  return escapeControl(lines.join('\n'), { multiline: true })
}
