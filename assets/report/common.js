// @ts-check
/**
 * Browser code shared by the report and the comparison pages (it runs in the page, not in Node), inlined into each
 * page as it is. Plain ES2017, type-checked against the DOM by `tsc -p tsconfig.client.json` (see globals.d.ts).
 *
 * Rule for every script here: text from the data goes into the page through textContent, ECharts' own canvas text,
 * or TK.esc when a tooltip needs markup. Never innerHTML with data.
 */
;(() => {
  const TK = /** @type {TK} */ ({})
  window.TK = TK

  /**
   * An element the page is known to have (the server wrote it); a missing one is a bug worth a clear message.
   * @param {string} id
   * @returns {HTMLElement}
   */
  TK.byId = (id) => {
    const e = document.getElementById(id)
    if (!e) throw new Error(`tunekit: the page has no element #${id}`)
    return e
  }

  TK.data = JSON.parse(TK.byId('tunekit-data').textContent || 'null')
  TK.charts = []
  /** [chart, milliseconds] for each chart drawn: where the load time goes. */
  TK.timings = [['start', Math.round(performance.now())]]
  TK.palette = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700', '#1b7c83', '#e16f24', '#6e7781', '#bf3989', '#953800']
  TK.goodBad = ['#0550ae', '#54aeff', '#d4e5ff', '#ffd8b5', '#fb8f44', '#bc4c00']

  const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
  /** Escapes text for the tooltips, the one place where ECharts takes markup. */
  TK.esc = (s) => String(s).replace(/[&<>"']/g, (c) => ESC[c])

  /** A number as the text report shows it: integers as they are, 5 significant digits, exponents when tiny or huge. */
  TK.fmt = (v) => {
    if (v === null || v === undefined || v === '') return ''
    if (typeof v !== 'number') return String(v)
    if (!Number.isFinite(v)) return String(v)
    if (Math.round(v) === v) return String(v)
    const a = Math.abs(v)
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3)
    return String(Number(v.toPrecision(5)))
  }

  TK.seconds = (ms) => {
    if (typeof ms !== 'number') return ''
    const s = ms / 1000
    if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`
    const m = Math.floor(s / 60)
    if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`
    return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
  }

  /** Creates an element; text goes in as textContent. */
  TK.el = (tag, className, text) => {
    const e = document.createElement(tag)
    if (className) e.className = className
    if (text !== undefined && text !== null) e.textContent = String(text)
    return e
  }

  /** The [min, max] of some numbers, ignoring null; null when there are none. */
  TK.extent = (values) => {
    let lo = Infinity,
      hi = -Infinity
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (typeof v !== 'number' || !Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    return lo <= hi ? [lo, hi] : null
  }

  /** Widens [lo, hi] to multiples of a round step (1, 2 or 5 times a power of ten), about five steps in all. */
  TK.nice = (ext) => {
    const lo = ext[0],
      hi = ext[1]
    if (!(hi > lo)) return [lo - 1, hi + 1]
    const raw = (hi - lo) / 5,
      pow = 10 ** Math.floor(Math.log10(raw)),
      f = raw / pow
    const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow
    return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step]
  }

  /** Whether the reader's system asks for a dark theme: the charts follow the style sheet's prefers-color-scheme. */
  TK.dark = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches

  /**
   * Decimal places that tell apart values across [lo, hi] (about three significant digits of the span): a colour
   * scale over 0.93 to 0.98 reads "0.930 … 0.980", not "1 … 1".
   */
  TK.precision = (ext) => {
    const span = Math.abs(ext[1] - ext[0]) || Math.abs(ext[0]) || 1
    return Math.max(0, Math.min(10, 2 - Math.floor(Math.log10(span))))
  }

  /**
   * Components that hold what the reader did to a chart (a zoom, a colour-scale range, a brush on an axis): a redraw
   * sends them again only when what the page computed for them changed, so that an update keeps the reader's view.
   */
  const STATEFUL = ['dataZoom', 'visualMap', 'parallel', 'parallelAxis']
  /** @type {WeakMap<HTMLElement, Record<string, string>>} */
  const sent = new WeakMap()

  /** Removes a container's chart, if it has one (before it shows a message instead). */
  TK.dispose = (container) => {
    const chart = echarts.getInstanceByDom(container)
    if (!chart) return
    const k = TK.charts.indexOf(chart)
    if (k >= 0) TK.charts.splice(k, 1)
    chart.dispose()
    sent.delete(container)
  }

  /** Shows a message in a chart's box instead of the chart (no data yet, a filter that leaves nothing). */
  TK.empty = (container, text) => {
    TK.dispose(container)
    container.textContent = ''
    container.appendChild(TK.el('div', 'empty', text))
  }

  /**
   * Draws one chart into a container, or redraws the one it has with the new option (merged, so that the reader's
   * zoom and filters stay). A chart that fails says so in its box and in the console, and the others still draw:
   * one odd parameter must not blank the whole report.
   */
  TK.chart = (container, build) => {
    const started = performance.now()
    try {
      const option = build()
      option.animation = false
      let chart = echarts.getInstanceByDom(container)
      const memo = sent.get(container) || {}
      if (chart) {
        for (let k = 0; k < STATEFUL.length; k++) {
          const key = STATEFUL[k]
          if (!(key in option)) continue
          const text = JSON.stringify(option[key])
          if (memo[key] === text) delete option[key]
          else memo[key] = text
        }
        chart.setOption(option, { lazyUpdate: false })
      } else {
        container.textContent = ''
        chart = echarts.init(container, TK.dark ? 'dark' : null, { renderer: 'canvas' })
        if (TK.dark) option.backgroundColor = 'transparent'
        for (let k = 0; k < STATEFUL.length; k++) if (STATEFUL[k] in option) memo[STATEFUL[k]] = JSON.stringify(option[STATEFUL[k]])
        chart.setOption(option)
        TK.charts.push(chart)
      }
      sent.set(container, memo)
      TK.timings.push([container.id || container.getAttribute('data-chart') || 'chart', Math.round(performance.now() - started)])
      return chart
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e))
      console.error(`tunekit: a chart could not be drawn: ${error.stack || error.message}`)
      TK.dispose(container)
      container.textContent = `This chart could not be drawn: ${error.message}`
      return null
    }
  }

  /** Called once every chart and table is in place: the browser test and load-time measurements wait for it. */
  TK.done = () => {
    window.__tunekitRenderedAt = performance.now()
    TK.timings.push(['done', Math.round(window.__tunekitRenderedAt)])
    document.body.setAttribute('data-rendered', 'true')
  }

  let pending = 0
  window.addEventListener('resize', () => {
    if (pending) return
    pending = requestAnimationFrame(() => {
      pending = 0
      for (let i = 0; i < TK.charts.length; i++) TK.charts[i].resize()
    })
  })
})()
