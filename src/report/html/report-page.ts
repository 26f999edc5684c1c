import type { StudyRecord, TrialRecord } from '../../trial/types.js'
import { formatDuration, formatNumber } from '../../util/table.js'
import { totalDurationMs, wallTimeMs } from '../curves.js'
import { type ForestImportance, forestImportance } from '../importance/fanova.js'
import { type Importance, parameterImportance } from '../importance/ped-anova.js'
import { stateCounts } from '../summary.js'
import { escapeHtml } from './escape.js'
import { htmlPage } from './page.js'
import { questionsSection } from './questions-section.js'
import { type ReportData, reportData } from './report-data.js'

/**
 * The HTML report of one study: a summary, the optimisation history, parameter importance, a slice plot per
 * parameter, parallel coordinates, the intermediate-value curves and a sortable table of every trial.
 */
export function reportHtml(study: StudyRecord, trials: readonly TrialRecord[]): string {
  const data = reportData(study, trials, parameterImportance(study, trials), forestImportance(study, trials))
  const counts = stateCounts(trials)
  const best = data.bestTrial === null ? undefined : trials.find((t) => t.number === data.bestTrial)
  const wall = wallTimeMs(trials)
  const card = (label: string, value: string, detail = ''): string =>
    `<div class="card"><div class="label">${escapeHtml(label)}</div><div ` +
    `class="value">${escapeHtml(value)}</div>${detail ? `<div class="detail">${escapeHtml(detail)}</div>` : ''}</div>`
  const countText =
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ') || 'none yet'
  const pareto = data.pareto
  const bestCard = pareto
    ? card(
        'Pareto front',
        `${pareto.front.length} trial${pareto.front.length === 1 ? '' : 's'}`,
        `hypervolume ${formatNumber(pareto.hypervolume[pareto.hypervolume.length - 1] ?? 0)} to (${pareto.reference.map(formatNumber).join(', ')})`,
      )
    : card(
        'best',
        best ? formatNumber(best.value!) : 'none yet',
        best
          ? `trial ${best.number}: ${Object.entries(best.params)
              .map(([k, v]) => `${k}=${formatValue(v)}`)
              .join(', ')}`
          : 'no complete trial',
      )
  const objectives = pareto ? pareto.metrics.map((m, k) => `${pareto.directions[k]} ${m}`).join(', ') : `${study.direction} ${study.metric}`
  const body = [
    '<header>',
    `<h1>${escapeHtml(study.name)}</h1>`,
    `<p class="muted">${escapeHtml(`${objectives} · strategy ${study.strategy.name} · seed ${study.seed}`)}` +
      `${escapeHtml(` · created ${study.createdAt}`)}</p>`,
    '</header>',
    '<section class="cards" id="summary">',
    bestCard,
    card('trials', String(trials.length), countText),
    card('trial time', formatDuration(totalDurationMs(trials)), wall === null ? '' : `wall clock ${formatDuration(wall)}`),
    '</section>',
    reportSections(data, questionsSection(study, trials)),
    `<p class="muted">Made by tunekit; charts by Apache ECharts. This file needs no network.</p>`,
  ].join('\n')
  const scripts = ['report-charts', 'report-views', 'report-main'] as const
  return htmlPage({ title: `${study.name} · tunekit report`, body, data, scripts: pareto ? ['pareto-charts', ...scripts] : [...scripts] })
}

/**
 * The views of a study, as empty boxes its browser code (report-charts.js, report-views.js, pareto-charts.js) draws
 * into: the report's and the live dashboard's study page share them. Notes name what is drawn as drawn.
 */
export function reportSections(data: Pick<ReportData, 'importance' | 'forest' | 'pareto'>, beforeTrials = ''): string {
  const imp = data.importance
  const pareto = data.pareto
  return [
    '<section class="controls" id="controls" aria-label="filters"></section>',
    ...(pareto
      ? [
          section(
            'pareto',
            'Pareto front',
            pareto.metrics.length === 2
              ? 'Every complete trial by its two objectives; the feasible Pareto front highlighted and joined, infeasible trials (breaking a constraint) as grey crosses.'
              : 'Every pair of objectives (a scatter matrix); front trials highlighted, infeasible trials as grey crosses.',
            `<div class="chart${pareto.metrics.length > 2 ? ' tall' : ''}" id="chart-pareto" data-chart="pareto"></div>`,
          ),
          section(
            'hypervolume',
            'Hypervolume history',
            `The hypervolume of the feasible front after each trial, to the reference point (${pareto.reference.map(formatNumber).join(', ')}): the worst feasible value of each objective plus a tenth of its range.`,
            '<div class="chart small" id="chart-hypervolume" data-chart="hypervolume"></div>',
          ),
        ]
      : []),
    section(
      'history',
      'Optimisation history',
      pareto
        ? `Each complete trial's ${pareto.metrics[0]} (the first objective).`
        : "Each complete trial's value (pruned trials at their last reported value, in orange), and the best so far.",
      '<div class="chart" id="chart-history" data-chart="history"></div>',
    ),
    section(
      'importance',
      'Parameter importance',
      importanceNote(imp, data.forest),
      '<div class="chart small" id="chart-importance" data-chart="importance"></div>',
    ),
    section(
      'slices',
      'Slice plots',
      'The value against each parameter (log axes for log parameters; categories as columns); darker points are later trials.',
      '<div class="grid" id="slice-grid"></div>',
    ),
    section(
      'parallel',
      'Parallel coordinates',
      'One line per complete trial across the parameters and the value; drag along an axis to filter. A line skips the axis of a parameter that was inactive.',
      '<div class="chart" id="chart-parallel" data-chart="parallel"></div>',
    ),
    section(
      'contour',
      'Contour',
      'The value over two parameters (choose them), interpolated between the complete trials (inverse-distance weighting, from at most 600 of them), with the trials as points.',
      '<div class="contour-controls" id="contour-controls"></div><div class="chart" id="chart-contour" data-chart="contour"></div>',
    ),
    section(
      'edf',
      'Empirical distribution',
      'The share of complete trials whose value is at or below each value (EDF).',
      '<div class="chart small" id="chart-edf" data-chart="edf"></div>',
    ),
    section(
      'timeline',
      'Timeline',
      'Each trial from its start to its end (the latest 2,000), one row per worker (or per slot, when the store did not keep the worker), coloured by state.',
      '<div class="chart small" id="chart-timeline" data-chart="timeline"></div>',
    ),
    section(
      'intermediate',
      'Intermediate values',
      'The values each trial reported at its steps (the latest 500 trials and the best; pruned trials in orange, trials with one step as points, the best trial bold).',
      '<div class="chart" id="chart-intermediate" data-chart="intermediate"></div>',
    ),
    beforeTrials,
    section(
      'trials',
      'Trials',
      'Click a column header to sort (again to reverse).',
      '<p class="muted" id="trial-constants"></p><div class="table-wrap" id="trial-table"></div>',
    ),
  ].join('\n')
}

/** What the importance chart shows, in the numbers it was computed with (the dashboard updates it with them). */
export function importanceNote(imp: Importance, forest: ForestImportance | null): string {
  return `${pedAnovaNote(imp)} ${forestNote(forest)}`
}

function forestNote(f: ForestImportance | null): string {
  if (f === null) return ''
  if (f.params.length === 0 || f.trials < 10) return `fANOVA: not enough complete trials for a forest yet (${f.trials}; at least 10).`
  const top = f.params[0]!
  const left = f.skipped.length > 0 ? ` (${f.skipped.join(', ')} left out: not active in every complete trial, or constant)` : ''
  return (
    `fANOVA: the share of the variance of a ${f.trees}-tree random forest fitted to ${f.trials} complete trials that each parameter explains alone${left}; ` +
    `largest: ${top.name} ${Math.round(top.importance * 100)} %.`
  )
}

function pedAnovaNote(imp: Importance): string {
  const pct = Math.round(imp.quantile * 100)
  if (imp.params.length === 0) return `PED-ANOVA (the top ${pct} % of complete trials against all of them): ${imp.verdict}.`
  const top =
    imp.trials > 0
      ? `how far the best ${imp.top} of ${imp.trials} complete trials (the top ${pct} %, at least 5) depart from all of them in each parameter, ` +
        `against what random sets of ${imp.top} reach`
      : `how far the top ${pct} % of complete trials depart from all of them in each parameter`
  return `PED-ANOVA: ${top}. Result: ${imp.verdict}.`
}

function section(id: string, title: string, note: string, content: string): string {
  return `<section id="section-${id}"><h2>${escapeHtml(title)}</h2><p class="muted" id="note-${id}">${escapeHtml(note)}</p>${content}</section>`
}

function formatValue(v: unknown): string {
  return typeof v === 'number' ? formatNumber(v) : String(v)
}
