import type { StudyRecord, TrialRecord } from '../trial/types.js'
import { formatDuration, formatTable } from '../util/table.js'
import { storedEarlyStop } from '../study/stopping.js'
import { escapeControl } from '../util/text.js'
import { questionsText } from './questions.js'
import { paramNames, rankTrials, showsProposer, stateCounts } from './summary.js'

/** A plain-text report: counts per state, the best trial, and the trials (best first). */
export function reportTable(study: StudyRecord, trials: readonly TrialRecord[], options: { limit?: number } = {}): string {
  const ranked = rankTrials(trials, study.direction)
  const shown = options.limit === undefined ? ranked : ranked.slice(0, options.limit)
  const names = paramNames(study, trials)
  const counts = stateCounts(trials)
  const proposer = showsProposer(study, trials)
  // Names and metrics come from the store: escaped like the table's cells (formatTable escapes those).
  const lines = [
    `study "${study.name}": ${study.direction} ${study.metric}, strategy ${study.strategy.name}`,
    `trials: ${trials.length} (${
      Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ') || 'none'
    })`,
  ].map((l) => escapeControl(l))
  const best = ranked[0]
  const stopped = storedEarlyStop(study, trials)
  if (stopped) lines.push(escapeControl(`stopped early (${stopped.reason}): ${stopped.message}`))
  if (best?.state === 'complete') lines.push(escapeControl(`best: trial ${best.number}, ${study.metric} = ${best.value} with ${JSON.stringify(best.params)}`))
  if (shown.length > 0) {
    lines.push('')
    lines.push(
      formatTable(
        ['#', 'state', study.metric, 'duration', ...(proposer ? ['strategy'] : []), ...names],
        shown.map((t) => [
          t.number,
          t.state === 'fail' ? `fail: ${t.error?.reason ?? ''}` : t.state,
          t.value,
          t.durationMs === null ? '' : formatDuration(t.durationMs),
          ...(proposer ? [t.strategy] : []),
          ...names.map((n) => t.params[n]),
        ]),
      ),
    )
    if (shown.length < ranked.length) lines.push(`(${ranked.length - shown.length} more)`)
  }
  lines.push(...questionsText(study, trials).map((l) => escapeControl(l)))
  return lines.join('\n')
}
