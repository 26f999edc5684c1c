import type { Experiment } from '../experiment/types.js'
import { stateCounts } from '../report/summary.js'
import { reportTable } from '../report/table.js'
import type { SweepEvent, SweepListener } from '../runner/events.js'
import { redact } from '../storage/location.js'
import type { StudyRecord } from '../trial/types.js'
import { formatDuration, formatNumber } from '../util/table.js'
import { escapeControl, firstLine } from '../util/text.js'
import { type BarState, renderBar } from './progress-bar.js'

/** The sweep listener, and a way to print a line (a signal's message) without leaving the bar's remnants behind. */
export interface Progress extends SweepListener {
  /** Clears the bar, prints the line, and draws the bar again below it. */
  say(line: string): void
}

/** How often the bar redraws between events (elapsed and ETA move on their own). */
const REDRAW_MS = 1000

/**
 * What a person sees during a sweep: on a TTY one status line (bar, done/total, running, failed, best so far, elapsed,
 * ETA) fitted to the terminal width; elsewhere (CI logs) one plain line per finished trial. Every piece of user data
 * (trainer output, commands, metric names, choices, paths) is printed with its control characters escaped.
 */
export async function createProgress(exp: Experiment, stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  const tty = stream.isTTY === true && process.env.CI === undefined
  const state: BarState = {
    done: 0,
    total: exp.budget.trials,
    doneAtStart: 0,
    running: 0,
    failed: 0,
    pruned: 0,
    best: '-',
    startedAt: Date.now(),
    now: Date.now(),
  }
  let drawn = false
  let timer: NodeJS.Timeout | undefined
  const clear = (): void => {
    if (drawn) stream.write('\r\u001b[2K')
    drawn = false
  }
  const draw = (): void => {
    if (!tty || timer === undefined) return
    state.now = Date.now()
    stream.write(`\r${renderBar(state, stream.columns || 80)}\u001b[K`)
    drawn = true
  }
  const write = (line: string): void => {
    stream.write(`${escapeControl(line, { multiline: true })}\n`)
  }

  const listener = (e: SweepEvent): void => {
    switch (e.type) {
      case 'start':
        state.done = e.finished
        state.doneAtStart = e.finished
        state.startedAt = Date.now()
        write(
          `tunekit: ${e.experiment.name}: ${e.experiment.budget.trials} trials of ${describeTrainer(e.experiment)}, strategy ` +
            `${e.experiment.strategy.name}, ${e.experiment.parallel} in parallel, store ${redact(e.experiment.storage)}`,
        )
        if (e.resumed > 0)
          write(
            `resuming: ${e.resumed} trials already stored (${e.finished} finished)` +
              (e.interrupted.length
                ? `; ${e.interrupted.length} left running by a stopped process marked failed (interrupted): ${e.interrupted.join(', ')}`
                : ''),
          )
        if (e.warm && e.experiment.warmStart)
          write(
            `warm start: the strategy learns from ${e.warm.trials.length} of the ${e.warm.offered} trials of ${redact(e.experiment.warmStart.from)}` +
              (e.warm.skipped.length > 0 ? ` (left out: ${e.warm.skipped.join('; ')})` : ''),
          )
        if (e.finished >= e.experiment.budget.trials)
          write(`the budget of ${e.experiment.budget.trials} finished trials is already met: --trials N runs more, --fresh starts over`)
        if (tty) {
          timer = setInterval(draw, REDRAW_MS)
          timer.unref()
        }
        draw()
        break
      case 'warning':
        write(`warning: ${e.message}`)
        break
      case 'trial-start':
        state.running++
        draw()
        break
      case 'trial-end': {
        state.running--
        const t = e.trial
        if (t.state === 'complete' || t.state === 'pruned') state.done++
        if (t.state === 'fail') state.failed++
        if (t.state === 'pruned') state.pruned++
        if (e.best) state.best = `${formatNumber(e.best.value)} (#${e.best.number})`
        if (tty) draw()
        else {
          const what =
            t.state === 'complete'
              ? `${exp.objective.metric}=${formatNumber(t.value!)}`
              : t.state === 'fail'
                ? `fail: ${t.error?.reason ?? ''}${t.error?.message ? ` (${firstLine(t.error.message, 120)})` : ''}`
                : `pruned at step ${t.intermediate[t.intermediate.length - 1]?.step ?? '?'}`
          write(
            escapeControl(
              `trial ${t.number} ${t.state === 'complete' ? 'complete ' : ''}${what} in ` +
                `${formatDuration(t.durationMs ?? NaN)} | ${state.done}/${state.total} done, best ${state.best}`,
            ),
          )
        }
        break
      }
      case 'end': {
        if (timer) clearInterval(timer)
        timer = undefined
        clear()
        const s = e.summary
        const study: StudyRecord = {
          name: exp.name,
          direction: exp.objective.direction,
          metric: exp.objective.metric,
          strategy: exp.strategy,
          space: exp.space.source,
          seed: 0,
          createdAt: '',
        }
        const counts = stateCounts(s.trials)
        const why: Record<typeof s.reason, string> = {
          budget: `reached the budget of ${exp.budget.trials} finished trials`,
          time: `reached the time budget of ${exp.budget.seconds}s`,
          exhausted: 'the strategy has no configuration left (grid exhausted)',
          interrupted: 'interrupted; run the same command again to resume',
          target: `stopped early: ${s.stopMessage ?? 'budget.target reached'}`,
          patience: `stopped early: ${s.stopMessage ?? 'no improvement within budget.patience'}`,
          failures: `stopped after ${state.failed} failed trials in this run (budget.maxFailures ${exp.budget.maxFailures}); check the trainer`,
        }
        const thisRun = state.done - state.doneAtStart
        write('')
        write(`done in ${formatDuration(s.elapsedMs)}: ${why[s.reason]}${state.doneAtStart > 0 ? ` (${thisRun} finished in this run)` : ''}`)
        write(
          `states: ${
            Object.entries(counts)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ') || 'none'
          }`,
        )
        if (counts.complete === 0 && s.trials.length > 0) write('no trial completed: check the trainer (the table shows why each failed)')
        write('')
        write(reportTable(study, s.trials, { limit: 5 }).split('\n').slice(2).join('\n').trimStart())
        write('')
        const store = redact(s.storage)
        const shown = /^[\w./:@+=-]+$/.test(store) ? store : `'${store.replace(/'/g, `'\\''`)}'`
        write(`store: ${store}`)
        write(`see every trial: npx tunekit report ${shown}   (--format table|json|csv|html, --out FILE)`)
        break
      }
    }
  }
  return Object.assign(listener, {
    say(line: string): void {
      clear()
      write(line)
      draw()
    },
  })
}

function describeTrainer(exp: Experiment): string {
  const t = exp.trainer
  if (t.type === 'builtin') return `the ${t.name} trainer`
  if (t.type === 'module') return `the ${t.trainer.name} trainer of ${t.file} (worker threads)`
  return `"${t.spec.command.join(' ')}"`
}
