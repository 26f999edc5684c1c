import { escapeHtml, jsonForScript } from '../report/html/escape.js'
import { reportSections } from '../report/html/report-page.js'
import type { ReportData } from '../report/html/report-data.js'
import type { TrialRecord } from '../trial/types.js'
import { errorText } from '../report/error-text.js'
import { formatDuration, formatNumber } from '../util/table.js'
import type { StudyState } from './study-state.js'

/**
 * The dashboard's pages: markup with every store string escaped here, data as JSON in a non-script element, and
 * scripts only as files from /assets/ (the Content-Security-Policy allows no inline script at all).
 */
function page(title: string, body: string, data: unknown, scripts: readonly string[], preload: readonly string[] = []): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="stylesheet" href="/assets/report/page.css">',
    '<link rel="stylesheet" href="/assets/dashboard/dashboard.css">',
    // API answers the page's script will ask for first: fetched while the scripts load, not after.
    ...preload.map((u) => `<link rel="preload" href="${escapeHtml(u)}" as="fetch" crossorigin="anonymous">`),
    '</head>',
    '<body>',
    body,
    `<script type="application/json" id="tunekit-data">${jsonForScript(data)}</script>`,
    ...scripts.map((s) => `<script src="/assets/${escapeHtml(s)}"></script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

const CHARTS = ['echarts.min.js', 'report/common.js', 'report/table.js']

export function listPage(refreshSeconds: number): string {
  const body = [
    '<header><h1>tunekit dashboard</h1>',
    `<p class="muted">${escapeHtml(`Every study of the stores given; updated every ${refreshSeconds} s. Select studies to compare them.`)}</p></header>`,
    '<div id="store-errors"></div>',
    '<section><div class="toolbar"><button type="button" id="compare" disabled>compare selected</button><span class="muted" id="list-status"></span></div>',
    '<div class="table-wrap"><table id="study-list"><thead><tr><th></th><th>study</th><th>store</th><th>objective</th><th>strategy</th>',
    '<th>finished</th><th>running</th><th>states</th><th>best</th><th>last update</th></tr></thead><tbody></tbody></table></div></section>',
  ].join('\n')
  return page('tunekit dashboard', body, { kind: 'dashboard', page: 'list', refresh: refreshSeconds }, [...CHARTS, 'dashboard/model.js', 'dashboard/list.js'])
}

export function studyPage(s: StudyState, refreshSeconds: number, importances: Pick<ReportData, 'importance' | 'forest' | 'pareto'>): string {
  const st = s.study
  const pareto = importances.pareto
  const objectives = pareto ? pareto.metrics.map((m, k) => `${pareto.directions[k]} ${m}`).join(', ') : `${st.direction} ${st.metric}`
  const card = (label: string, id: string, testid = ''): string =>
    `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value" id="${id}"${testid ? ` data-testid="${testid}"` : ''}>…</div>` +
    `<div class="detail" id="${id}-detail"></div></div>`
  const body = [
    '<header>',
    '<p><a href="/">all studies</a></p>',
    `<h1>${escapeHtml(st.name)}</h1>`,
    `<p class="muted">${escapeHtml(`${objectives} · strategy ${st.strategy.name} · seed ${st.seed} · store ${s.location}`)}</p>`,
    '</header>',
    '<div class="error" id="store-error" hidden></div>',
    '<section class="cards" id="summary">',
    card(pareto ? 'Pareto front' : 'best', 'best-value', 'best-value'),
    card('trials', 'trial-total', 'trial-count'),
    card('last update', 'last-update'),
    '</section>',
    reportSections(importances),
    '<p class="muted">Trials: click a trial number in the table to open its page.</p>',
  ].join('\n')
  const api = `/api/studies/${encodeURIComponent(s.key)}`
  return page(
    `${st.name} · tunekit dashboard`,
    body,
    { kind: 'dashboard', page: 'study', key: s.key, refresh: refreshSeconds },
    [...CHARTS, 'report/pareto-charts.js', 'report/report-charts.js', 'report/report-views.js', 'dashboard/model.js', 'dashboard/study.js'],
    [`${api}/trials`, api],
  )
}

export function trialPage(s: StudyState, t: TrialRecord, refreshSeconds: number): string {
  const st = s.study
  const rows = (pairs: readonly [string, unknown][]): string =>
    pairs.length === 0
      ? '<div class="empty">none</div>'
      : `<table class="pairs"><tbody>${pairs.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(format(v))}</td></tr>`).join('')}</tbody></table>`
  const tail = (title: string, lines: readonly string[] | undefined): string =>
    lines && lines.length > 0
      ? `<h3>${escapeHtml(title)}</h3><pre class="tail" data-testid="${title.startsWith('stdout') ? 'stdout-tail' : 'stderr-tail'}">${escapeHtml(lines.join('\n'))}</pre>`
      : ''
  const error = t.error
  const body = [
    '<header>',
    `<p><a href="/">all studies</a> · <a href="/studies/${encodeURIComponent(s.key)}">${escapeHtml(st.name)}</a></p>`,
    `<h1>${escapeHtml(`trial ${t.number}`)} <span class="state-${escapeHtml(t.state)}">${escapeHtml(t.state)}</span></h1>`,
    `<p class="muted">${escapeHtml(`${st.name} · proposed by ${t.strategy} · seed ${t.seed}${t.retryOf !== undefined ? ` · retries trial ${t.retryOf}` : ''}`)}</p>`,
    '</header>',
    '<section class="cards">',
    `<div class="card"><div class="label">${escapeHtml(st.metric)}</div><div class="value" data-testid="trial-value">${escapeHtml(format(t.value))}</div></div>`,
    `<div class="card"><div class="label">duration</div><div class="value">${escapeHtml(t.durationMs === null ? '' : formatDuration(t.durationMs))}</div></div>`,
    `<div class="card"><div class="label">timings</div><div class="detail">${escapeHtml(`started ${t.startedAt ?? '-'}`)}<br>${escapeHtml(
      `finished ${t.finishedAt ?? '-'}`,
    )}${t.worker ? `<br>${escapeHtml(`worker ${t.worker}`)}` : ''}${t.heartbeatAt ? `<br>${escapeHtml(`last heartbeat ${t.heartbeatAt}`)}` : ''}</div></div>`,
    '</section>',
    error
      ? `<section id="trial-error"><h2>Error</h2><p class="error" data-testid="trial-error">${escapeHtml(errorText(error))}</p>${tail('stdout (last lines)', error.stdoutTail)}${tail('stderr (last lines)', error.stderrTail)}</section>`
      : '',
    `<section><h2>Parameters</h2>${rows(Object.entries(t.params))}</section>`,
    `<section><h2>Metrics</h2>${rows(Object.entries(t.metrics))}</section>`,
    '<section><h2>Intermediate values</h2>',
    t.intermediate.length > 0 ? '<div class="chart small" id="chart-trial" data-chart="trial"></div>' : '<div class="empty">This trial reported no step.</div>',
    '</section>',
  ].join('\n')
  const data = {
    kind: 'dashboard',
    page: 'trial',
    refresh: refreshSeconds,
    state: t.state,
    metric: st.metric,
    steps: t.intermediate.map((s) => s.step),
    values: t.intermediate.map((s) => s.value),
  }
  return page(`trial ${t.number} · ${st.name} · tunekit dashboard`, body, data, [...CHARTS, 'dashboard/trial.js'])
}

export function messagePage(title: string, message: string): string {
  return page(title, `<header><p><a href="/">all studies</a></p><h1>${escapeHtml(title)}</h1></header><p class="error">${escapeHtml(message)}</p>`, {}, [])
}

function format(v: unknown): string {
  if (v === null || v === undefined) return ''
  return typeof v === 'number' ? formatNumber(v) : String(v)
}
