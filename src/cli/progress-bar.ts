import { formatDuration } from '../util/table.js'
import { escapeControl } from '../util/text.js'

/** What the status line shows; `done` counts stored finished trials too, `doneAtStart` those a resume found. */
export interface BarState {
  done: number
  total: number
  doneAtStart: number
  running: number
  failed: number
  pruned: number
  best: string
  startedAt: number
  now: number
}

/**
 * The expected time left, from this run's rate only: trials a resume found stored took no time in this run, so
 * counting them would promise an end far too early. Unknown ('?') until this run has finished a trial.
 */
export function etaMs(s: BarState): number {
  const thisRun = s.done - s.doneAtStart
  if (thisRun <= 0) return Number.NaN
  return ((s.now - s.startedAt) / thisRun) * Math.max(0, s.total - s.done)
}

/** Fields in the order they are shown, each with its priority (lower is kept first when the line is too narrow). */
function fields(s: BarState): { text: string; priority: number }[] {
  const out = [
    { text: `${s.done}/${s.total}`, priority: 0 },
    { text: `running ${s.running}`, priority: 5 },
    { text: `failed ${s.failed}`, priority: s.failed > 0 ? 4 : 7 },
    { text: `pruned ${s.pruned}`, priority: s.pruned > 0 ? 6 : 8 },
    { text: `best ${escapeControl(s.best)}`, priority: 2 },
    { text: formatDuration(s.now - s.startedAt), priority: 3 },
    { text: `ETA ${formatDuration(etaMs(s))}`, priority: 1 },
  ]
  return out
}

const SEPARATOR = ' | '
const MIN_BAR = 10
const MAX_BAR = 40

/**
 * The status line, at most `columns - 1` characters (a full last column makes some terminals wrap): fields are dropped
 * from the lowest priority up until the rest fits, and the bar takes what width is left (none below 10 characters).
 */
export function renderBar(s: BarState, columns: number): string {
  const width = Math.max(1, columns - 1)
  const all = fields(s)
  const kept = new Set(all.map((_, i) => i))
  const text = (): string =>
    all
      .filter((_, i) => kept.has(i))
      .map((f) => f.text)
      .join(SEPARATOR)
  const byPriority = all.map((f, i) => ({ ...f, i })).sort((a, b) => b.priority - a.priority)
  for (const f of byPriority) {
    if (text().length <= width || kept.size === 1) break
    kept.delete(f.i)
  }
  let line = text()
  if (line.length > width) line = line.slice(0, width)
  const room = width - line.length - 1
  if (room >= MIN_BAR) {
    const barWidth = Math.min(MAX_BAR, room)
    const filled = s.total > 0 ? Math.round((Math.min(s.done, s.total) / s.total) * barWidth) : 0
    line = `${'\u2588'.repeat(filled)}${'\u2591'.repeat(barWidth - filled)} ${line}`
  }
  return line
}
