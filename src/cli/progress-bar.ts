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

/** Fields in the order they are shown, each with its priority (lower is kept longer when the line is too narrow). */
function fields(s: BarState): { text: string; priority: number }[] {
  return [
    { text: `${s.done}/${s.total}`, priority: 0 },
    { text: `running ${s.running}`, priority: 6 },
    { text: `failed ${s.failed}`, priority: s.failed > 0 ? 4 : 8 },
    { text: `pruned ${s.pruned}`, priority: s.pruned > 0 ? 7 : 9 },
    { text: `best ${escapeControl(s.best)}`, priority: 2 },
    { text: formatDuration(s.now - s.startedAt), priority: 3 },
    { text: `ETA ${formatDuration(etaMs(s))}`, priority: 1 },
  ]
}

const SEPARATOR = ' | '
const MIN_BAR = 10
const MAX_BAR = 40
/** The bar's own priority: after the figures that matter, before running and the zero counts. */
const BAR_PRIORITY = 5

/**
 * The status line, at most `columns - 1` characters (a full last column makes some terminals wrap): the bar and the
 * fields are dropped from the lowest priority up until the rest fits; the bar then takes the width left (10 to 40).
 */
export function renderBar(s: BarState, columns: number): string {
  const width = Math.max(1, columns - 1)
  const all = fields(s)
  const kept = new Set(all.map((_, i) => i))
  let bar = true
  const length = (): number =>
    all.filter((_, i) => kept.has(i)).reduce((n, f, k) => n + f.text.length + (k > 0 ? SEPARATOR.length : 0), 0) + (bar ? MIN_BAR + 1 : 0)
  const drops = [...all.map((f, i) => ({ priority: f.priority, i })), { priority: BAR_PRIORITY, i: -1 }].sort((a, b) => b.priority - a.priority)
  for (const d of drops) {
    if (length() <= width || d.priority === 0) break
    if (d.i === -1) bar = false
    else kept.delete(d.i)
  }
  let line = all
    .filter((_, i) => kept.has(i))
    .map((f) => f.text)
    .join(SEPARATOR)
  if (line.length > width) return line.slice(0, width)
  if (!bar) return line
  const barWidth = Math.min(MAX_BAR, width - line.length - 1)
  const filled = s.total > 0 ? Math.round((Math.min(s.done, s.total) / s.total) * barWidth) : 0
  line = `${'\u2588'.repeat(filled)}${'\u2591'.repeat(barWidth - filled)} ${line}`
  return line
}
