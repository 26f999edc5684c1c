import type { StudyRecord, TrialRecord } from '../../trial/types.js'
import { formatDuration, formatNumber } from '../../util/table.js'
import { totalDurationMs, wallTimeMs } from '../curves.js'
import { parameterImportance } from '../importance/ped-anova.js'
import { stateCounts } from '../summary.js'
import { escapeHtml } from './escape.js'
import { htmlPage } from './page.js'
import { questionsSection } from './questions-section.js'
import { reportData } from './report-data.js'

/**
 * The HTML report of one study: a summary, the optimisation history, parameter importance, a slice plot per
 * parameter, parallel coordinates, the intermediate-value curves and a sortable table of every trial.
 */
export function reportHtml(study: StudyRecord, trials: readonly TrialRecord[]): string {
  const data = reportData(study, trials, parameterImportance(study, trials))
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
  const body = [
    '<header>',
    `<h1>${escapeHtml(study.name)}</h1>`,
    `<p class="muted">${escapeHtml(`${study.direction} ${study.metric} · strategy ${study.strategy.name} · seed ${study.seed}`)}` +
      `${escapeHtml(` · created ${study.createdAt}`)}</p>`,
    '</header>',
    '<section class="cards" id="summary">',
    card(
      'best',
      best ? formatNumber(best.value!) : 'none yet',
      best
        ? `trial ${best.number}: ${Object.entries(best.params)
            .map(([k, v]) => `${k}=${formatValue(v)}`)
            .join(', ')}`
        : 'no complete trial',
    ),
    card('trials', String(trials.length), countText),
    card('trial time', formatDuration(totalDurationMs(trials)), wall === null ? '' : `wall clock ${formatDuration(wall)}`),
    '</section>',
    section(
      'history',
      'Optimisation history',
      "Each complete trial's value, and the best so far.",
      '<div class="chart" id="chart-history" data-chart="history"></div>',
    ),
    section(
      'importance',
      'Parameter importance',
      `PED-ANOVA: how far the best ${Math.round(data.importance.quantile * 100)} % of trials depart from all trials in each parameter, against what ` +
        `random sets reach. Result: ${data.importance.verdict}.`,
      data.importance.params.length > 0
        ? '<div class="chart small" id="chart-importance" data-chart="importance"></div>'
        : empty('Not enough complete trials yet.'),
    ),
    section(
      'slices',
      'Slice plots',
      'The value against each parameter (log axes for log parameters; categories as columns); darker points are later trials.',
      data.params.some((p) => p.axis !== 'none') ? '<div class="grid" id="slice-grid"></div>' : empty('No parameter varies.'),
    ),
    section(
      'parallel',
      'Parallel coordinates',
      'One line per complete trial across the parameters and the value; drag along an axis to filter. A line skips the axis of a parameter that was inactive.',
      '<div class="chart" id="chart-parallel" data-chart="parallel"></div>',
    ),
    section(
      'intermediate',
      'Intermediate values',
      'The values each trial reported at its steps (pruned trials in orange, the best trial bold).',
      data.intermediate.length > 0
        ? '<div class="chart" id="chart-intermediate" data-chart="intermediate"></div>'
        : empty('No trial reported intermediate values.'),
    ),
    questionsSection(study, trials),
    section('trials', 'Trials', 'Click a column header to sort (again to reverse).', '<div class="table-wrap" id="trial-table"></div>'),
    `<p class="muted">Made by tunekit; charts by Apache ECharts. This file needs no network.</p>`,
  ].join('\n')
  return htmlPage({ title: `${study.name} · tunekit report`, body, data, scripts: ['report-charts'] })
}

function section(id: string, title: string, note: string, content: string): string {
  return `<section id="section-${id}"><h2>${escapeHtml(title)}</h2><p class="muted">${escapeHtml(note)}</p>${content}</section>`
}

function empty(text: string): string {
  return `<div class="empty">${escapeHtml(text)}</div>`
}

function formatValue(v: unknown): string {
  return typeof v === 'number' ? formatNumber(v) : String(v)
}
