import type { LrRangeResult } from '../../trainers/lr-range.js'
import { escapeHtml } from './escape.js'

const W = 720
const H = 400
const PAD = { left: 70, right: 20, top: 30, bottom: 50 }

/** A self-contained page (inline SVG, no script) plotting a learning-rate range test. */
export function lrFindPage(title: string, r: LrRangeResult): string {
  const xs = r.curve.map((p) => Math.log10(p.learning_rate))
  const ys = r.curve.map((p) => p.loss)
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, r.diverges === null ? -Infinity : Math.log10(r.diverges))]
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)]
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right)
  const sy = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom)
  const line = xs.map((x, i) => `${sx(x).toFixed(1)},${sy(ys[i]!).toFixed(1)}`).join(' ')
  const ticks: string[] = []
  for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) {
    ticks.push(
      `<line x1="${sx(e)}" x2="${sx(e)}" y1="${PAD.top}" y2="${H - PAD.bottom}" class="grid"/><text x="${sx(e)}" y="${H - PAD.bottom + 18}" text-anchor="middle">1e${e}</text>`,
    )
  }
  // Labels sit left of their line in the right half, so they stay inside the plot; one row each.
  const marker = (rate: number, label: string, cls: string, row: number) => {
    const x = sx(Math.log10(rate))
    const right = x > W / 2
    return (
      `<line x1="${x}" x2="${x}" y1="${PAD.top}" y2="${H - PAD.bottom}" class="${cls}"/>` +
      `<text x="${right ? x - 4 : x + 4}" y="${PAD.top + 12 + 16 * row}" text-anchor="${right ? 'end' : 'start'}" class="${cls}">${escapeHtml(label)}</text>`
    )
  }
  const markers = [marker(r.suggested, `suggested ${r.suggested.toPrecision(3)}`, 'suggested', 0)]
  if (r.diverges !== null) markers.push(marker(r.diverges, `diverges ${r.diverges.toPrecision(3)}`, 'diverges', 1))
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}svg text{font-size:12px;fill:#333}.grid{stroke:#ddd}.curve{fill:none;stroke:#2563eb;stroke-width:2}
line.suggested{stroke:#16a34a}text.suggested{fill:#16a34a}line.diverges{stroke:#dc2626}text.diverges{fill:#dc2626}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>Learning-rate range test: the smoothed training loss while the rate grows exponentially each step.
Suggested rate (steepest descent): <b>${r.suggested.toPrecision(3)}</b>; diverges from: <b>${r.diverges === null ? 'not reached' : r.diverges.toPrecision(3)}</b>.</p>
<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="loss against learning rate">
${ticks.join('\n')}
<polyline class="curve" points="${line}"/>
${markers.join('\n')}
<text x="${W / 2}" y="${H - 8}" text-anchor="middle">learning rate (log scale)</text>
<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">smoothed training loss (${y0.toPrecision(3)} to ${y1.toPrecision(3)})</text>
</svg></body></html>
`
}
