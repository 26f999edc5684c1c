import type { Comparison } from '../compare.js'
import { ALPHA } from '../group-tests.js'
import { escapeHtml } from './escape.js'
import { htmlPage } from './page.js'

/**
 * The HTML comparison: the tests in sentences, the best-so-far curves of each group (median and interquartile
 * band, one colour per group), the final best values per group, and sortable tables of groups and experiments.
 */
export function compareHtml(c: Comparison): string {
  const sentences = [...c.tests.map((t) => t.statement), ...c.skipped.map((s) => s.statement)]
  const adjusted = c.tests.length > 1 ? `; p-values Holm-adjusted over ${c.tests.length} tests` : ''
  const body = [
    '<header>',
    `<h1>${escapeHtml(`Comparison of ${c.experiments.length} experiment${c.experiments.length === 1 ? '' : 's'}`)}</h1>`,
    `<p class="muted">${escapeHtml(`${c.direction} ${c.metric} · grouped by ${c.groupBy} · ${c.groups.length} group${c.groups.length === 1 ? '' : 's'}`)}</p>`,
    '</header>',
    '<section id="section-tests"><h2>Which is better</h2>',
    `<p class="muted">${escapeHtml(`Final best values compared with the Mann-Whitney U test (two-sided${adjusted}); a difference when p < ${ALPHA}.`)}</p>`,
    sentences.length > 0
      ? `<ul class="statements">${sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`
      : '<div class="empty">No test: there is only one group.</div>',
    c.notes.length > 0 ? `<ul class="statements muted">${c.notes.map((n) => `<li>note: ${escapeHtml(n)}</li>`).join('')}</ul>` : '',
    '</section>',
    section(
      'curves',
      'Best so far',
      'The median best-so-far value of each group after each finished trial, with its interquartile band (25th to 75th percentile of the runs).',
      '<div class="chart" id="chart-bands" data-chart="bands"></div>',
    ),
    section(
      'final',
      'Final best values',
      "Each run's best value, by group, with the quartiles.",
      '<div class="chart small" id="chart-final" data-chart="final"></div>',
    ),
    section('groups', 'Groups', 'Click a column header to sort.', '<div class="table-wrap" id="group-table"></div>'),
    section(
      'experiments',
      'Experiments',
      `"to 1%": finished trials until the best so far was within 1% of the best of all; "area": the mean normalised best-so-far over the first ` +
        `${c.horizon} trials (0: the best at once, 1: no better than the worst start).`,
      '<div class="table-wrap" id="experiment-table"></div>',
    ),
    `<p class="muted">Made by tunekit; charts by Apache ECharts. This file needs no network.</p>`,
  ].join('\n')
  return htmlPage({ title: 'tunekit comparison', body, data: c, scripts: ['compare-charts'] })
}

function section(id: string, title: string, note: string, content: string): string {
  return `<section id="section-${id}"><h2>${escapeHtml(title)}</h2><p class="muted">${escapeHtml(note)}</p>${content}</section>`
}
