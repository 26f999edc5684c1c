import type { Experiment } from '../experiment/types.js'
import type { SweepEvent, SweepListener } from '../runner/events.js'
import { reportTable } from '../report/table.js'
import { stateCounts } from '../report/summary.js'
import type { StudyRecord } from '../trial/types.js'
import { redact } from '../storage/location.js'
import { formatDuration, formatNumber } from '../util/table.js'
import { firstLine } from '../util/text.js'

/**
 * What a person sees during a sweep: on a TTY a progress bar (cli-progress) with done/total, running, failed,
 * best so far, elapsed and ETA; elsewhere (CI logs) one plain line per finished trial.
 */
export async function createProgress(exp: Experiment, stream: NodeJS.WriteStream = process.stderr): Promise<SweepListener> {
  const tty = stream.isTTY === true && process.env.CI === undefined
  const started = Date.now()
  let done = 0
  let running = 0
  let failed = 0
  let pruned = 0
  let bestText = '-'
  let bar: { start(total: number, value: number, payload: object): void; update(value: number, payload: object): void; stop(): void } | undefined
  if (tty) {
    const { SingleBar } = (await import('cli-progress')).default
    bar = new SingleBar(
      {
        stream,
        format: ' {bar} {value}/{total} | running {running} | failed {failed} | pruned {pruned} | best {best} | {elapsedText} | ETA {etaText}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
      },
      (await import('cli-progress')).default.Presets.shades_classic,
    )
  }
  const payload = () => {
    const elapsed = Date.now() - started
    const rate = done > 0 ? elapsed / done : NaN
    return {
      running,
      failed,
      pruned,
      best: bestText,
      elapsedText: formatDuration(elapsed),
      etaText: done > 0 ? formatDuration(rate * Math.max(0, exp.budget.trials - done)) : '?',
    }
  }
  const say = (line: string) => stream.write(`${line}\n`)

  return (e: SweepEvent) => {
    switch (e.type) {
      case 'start':
        done = e.finished
        say(
          `tunekit: ${e.experiment.name}: ${e.experiment.budget.trials} trials of ${describeTrainer(e.experiment)}, strategy ` +
            `${e.experiment.strategy.name}, ${e.experiment.parallel} in parallel, store ${redact(e.experiment.storage)}`,
        )
        if (e.resumed > 0)
          say(
            `resuming: ${e.resumed} trials already stored` +
              (e.interrupted.length
                ? `; ${e.interrupted.length} left running by a stopped process marked failed (interrupted): ${e.interrupted.join(', ')}`
                : ''),
          )
        if (e.finished >= e.experiment.budget.trials)
          say(`the budget of ${e.experiment.budget.trials} finished trials is already met: --trials N runs more, --fresh starts over`)
        bar?.start(e.experiment.budget.trials, done, payload())
        break
      case 'trial-start':
        running++
        bar?.update(done, payload())
        break
      case 'trial-end': {
        running--
        const t = e.trial
        if (t.state === 'complete' || t.state === 'pruned') done++
        if (t.state === 'fail') failed++
        if (t.state === 'pruned') pruned++
        if (e.best) bestText = `${formatNumber(e.best.value)} (#${e.best.number})`
        else if (exp.objectives.length > 1 && e.front !== undefined) bestText = `a front of ${e.front}`
        if (bar) bar.update(done, payload())
        else {
          const what =
            t.state === 'complete'
              ? `${exp.objective.metric}=${formatNumber(t.value!)}`
              : t.state === 'fail'
                ? `fail: ${t.error?.reason ?? ''}${t.error?.message ? ` (${firstLine(t.error.message, 120)})` : ''}`
                : `pruned at step ${t.intermediate[t.intermediate.length - 1]?.step ?? '?'}`
          say(
            `trial ${t.number} ${t.state === 'complete' ? 'complete' : ''}${t.state === 'complete' ? ' ' : ''}${what} in ` +
              `${formatDuration(t.durationMs ?? NaN)} | ${done}/${exp.budget.trials} done, best ${bestText}`,
          )
        }
        break
      }
      case 'end': {
        bar?.stop()
        const s = e.summary
        const study: StudyRecord = {
          name: exp.name,
          direction: exp.objective.direction,
          metric: exp.objective.metric,
          ...(exp.objectives.length > 1 ? { directions: exp.objectives.map((o) => o.direction), metrics: exp.objectives.map((o) => o.metric) } : {}),
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
          failures: `stopped after ${failed} failed trials in this run (budget.maxFailures ${exp.budget.maxFailures}); check the trainer`,
        }
        say('')
        say(`done in ${formatDuration(s.elapsedMs)}: ${why[s.reason]}`)
        say(
          `states: ${
            Object.entries(counts)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ') || 'none'
          }`,
        )
        say('')
        say(reportTable(study, s.trials, { limit: 5 }).split('\n').slice(2).join('\n').trimStart())
        say('')
        say(`store: ${s.storage}`)
        say(`see every trial: tunekit report ${s.storage}   (--format json|csv)`)
        break
      }
    }
  }
}

function describeTrainer(exp: Experiment): string {
  return exp.trainer.type === 'builtin' ? `the ${exp.trainer.name} trainer` : `"${exp.trainer.spec.command.join(' ')}"`
}
