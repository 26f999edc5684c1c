import type { StudyRecord, TrialRecord } from '../../trial/types.js'
import { formatNumber } from '../../util/table.js'
import { type GroupedQuestion, groupedQuestions, overfitFlags } from '../questions.js'
import { escapeHtml } from './escape.js'

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2']
const W = 460
const H = 220
const PAD = 36

/**
 * "Answering the usual questions": the trials grouped by init, optimiser and activation (mean learning curve per
 * group, the best value and its learning rate, failures by reason), and the trials that overfit. Static markup and
 * inline SVG: it needs no script. Empty when no question applies.
 */
export function questionsSection(study: StudyRecord, trials: readonly TrialRecord[]): string {
  const questions = groupedQuestions(study, trials)
  const flags = overfitFlags(trials)
  if (questions.length === 0 && flags.length === 0) return ''
  const parts = questions.map((q) => questionBlock(q, study.metric))
  if (flags.length > 0) {
    const rows = flags
      .slice(0, 50)
      .map((f) => `<tr><td>${f.number}</td><td>${f.overfitEpoch ?? ''}</td><td>${f.gap === null ? '' : escapeHtml(formatNumber(f.gap))}</td></tr>`)
    parts.push(
      `<h3>Overfitting</h3><p class="muted">${flags.length} trial(s) whose validation loss rose while the training loss kept falling ` +
        '(the epoch it began; the final gap between validation and training loss). More data, l2 or dropout fight it.</p>' +
        `<table data-testid="overfit-table"><thead><tr><th>trial</th><th>from epoch</th><th>final gap</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    )
  }
  return (
    '<section id="section-questions"><h2>Answering the usual questions</h2><p class="muted">Which init, which optimiser, which activation: ' +
    "the mean learning curve of each group, its best trial and that trial's learning rate, and what made its trials fail.</p>" +
    `${parts.join('\n')}</section>`
  )
}

function questionBlock(q: GroupedQuestion, metric: string): string {
  const rows = q.groups.map((g, i) => {
    const fails = Object.entries(g.failures)
      .map(([r, n]) => `${n} ${r}`)
      .join(', ')
    return (
      `<tr><td><span style="color:${COLOURS[i % COLOURS.length]}">■</span> ${escapeHtml(g.value)}</td><td>${g.trials}</td><td>${g.complete}</td>` +
      `<td>${g.best ? escapeHtml(formatNumber(g.best.value)) : ''}</td><td>${g.best?.learningRate == null ? '' : escapeHtml(formatNumber(g.best.learningRate))}</td>` +
      `<td>${escapeHtml(fails)}</td></tr>`
    )
  })
  return (
    `<h3>By ${escapeHtml(q.param)}</h3><div class="question">${curvesSvg(q)}` +
    `<table data-testid="group-${escapeHtml(q.param)}"><thead><tr><th>${escapeHtml(q.param)}</th><th>trials</th><th>complete</th><th>best ${escapeHtml(metric)}</th>` +
    `<th>its learning_rate</th><th>failed</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  )
}

function curvesSvg(q: GroupedQuestion): string {
  const points = q.groups.flatMap((g) => g.curve)
  if (points.length === 0) return ''
  const [x0, x1] = [Math.min(...points.map((p) => p.step)), Math.max(...points.map((p) => p.step))]
  const [y0, y1] = [Math.min(...points.map((p) => p.value)), Math.max(...points.map((p) => p.value))]
  const sx = (x: number) => PAD + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * PAD)
  const sy = (y: number) => H - PAD - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * PAD)
  const lines = q.groups.map(
    (g, i) =>
      `<polyline fill="none" stroke-width="2" stroke="${COLOURS[i % COLOURS.length]}" points="${g.curve.map((p) => `${sx(p.step).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ')}"/>`,
  )
  return (
    `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="mean learning curve by ${escapeHtml(q.param)}">` +
    `<rect x="${PAD}" y="${PAD}" width="${W - 2 * PAD}" height="${H - 2 * PAD}" fill="none" stroke="#ccc"/>${lines.join('')}` +
    `<text x="${PAD}" y="${H - 10}" font-size="11">step ${x0} to ${x1}</text>` +
    `<text x="${PAD}" y="${PAD - 8}" font-size="11">mean intermediate value ${escapeHtml(formatNumber(y0))} to ${escapeHtml(formatNumber(y1))}</text></svg>`
  )
}
