// @ts-check
/**
 * Browser code of the report's views: draws the charts and the trial table from report data (see report-data.ts),
 * through the filters and the log axis the reader set in the page's controls. TK.report.draw(D) may be called again
 * with new data (the live dashboard does, as trials finish): every chart and the table are redrawn in place,
 * keeping the reader's zoom, colour-scale range, sort and scroll.
 * Names and values from the store reach the page only as ECharts canvas text, textContent, or through TK.esc.
 */
;(() => {
  const TK = window.TK
  /** What the reader chose in the controls. */
  const S = { state: 'all', hidePruned: false, bestN: 0, logY: false }
  /** The data last drawn (the formatters read it, so that they describe what is on the screen now). */
  /** @type {any} */
  let D = null
  /** @type {TableHandle | null} */
  let table = null
  let tableKey = ''
  const grid = { left: 64, right: 24, top: 40, bottom: 48, containLabel: false }
  /** The intermediate chart draws at most this many curves (the latest). */
  const MAX_CURVES = 500

  function T() {
    return D.trials
  }
  function minimize() {
    return D.study.direction === 'minimize'
  }
  function isComplete(i) {
    return T().state[i] === 'complete' && T().value[i] !== null
  }
  function trialTip(i) {
    const t = T()
    const lines = [`trial ${TK.esc(String(t.number[i]))} (${TK.esc(String(t.state[i]))})`, `${TK.esc(D.study.metric)} = ${TK.esc(TK.fmt(t.value[i]))}`]
    for (let j = 0; j < D.params.length; j++) {
      const v = D.params[j].values[i]
      if (v !== null && v !== undefined) lines.push(`${TK.esc(D.params[j].name)} = ${TK.esc(TK.fmt(v))}`)
    }
    return lines.join('<br>')
  }
  function valueAxis(name, extra) {
    const axis = { type: 'value', name: name, nameLocation: 'middle', nameGap: 44, scale: true, axisLine: { onZero: false } }
    for (const k in extra) axis[k] = extra[k]
    return axis
  }
  /** The objective's axis: log when the reader asked for it and every value drawn is positive. */
  function metricAxis(extra) {
    const axis = valueAxis(D.study.metric, extra)
    if (logY()) {
      axis.type = 'log'
      axis.scale = false
    }
    return axis
  }
  function logY() {
    return S.logY && positive()
  }
  /** Whether every objective and intermediate value is above 0 (else a log axis cannot show them). */
  function positive() {
    const t = T()
    for (let i = 0; i < t.value.length; i++) if (t.value[i] !== null && !(t.value[i] > 0)) return false
    for (let c = 0; c < D.intermediate.length; c++)
      for (let k = 0; k < D.intermediate[c].values.length; k++) if (!(D.intermediate[c].values[k] > 0)) return false
    return true
  }

  /**
   * The trials the filters keep, as indices into the columns in number order: by state, without pruned ones, and the
   * best N complete ones. Every view draws only these.
   */
  function visible() {
    const t = T()
    let idx = []
    for (let i = 0; i < t.number.length; i++) {
      if (S.state !== 'all' && t.state[i] !== S.state) continue
      if (S.hidePruned && t.state[i] === 'pruned') continue
      idx.push(i)
    }
    if (S.bestN > 0) {
      const sign = minimize() ? 1 : -1
      idx = idx
        .filter(isComplete)
        .sort((a, b) => sign * (t.value[a] - t.value[b]) || a - b)
        .slice(0, S.bestN)
        .sort((a, b) => a - b)
    }
    return idx
  }

  function history(box, idx) {
    const t = T()
    TK.chart(box, () => {
      const complete = [],
        pruned = [],
        best = []
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]
        if (isComplete(i)) complete.push([t.number[i], t.value[i], i])
        else if (t.state[i] === 'pruned' && t.value[i] !== null) pruned.push([t.number[i], t.value[i], i])
      }
      // The step line needs only the trials where the best changed, and the last one.
      for (let i = 0; i < t.number.length; i++)
        if (t.best[i] !== null && (i === t.number.length - 1 || t.best[i] !== (i > 0 ? t.best[i - 1] : null))) best.push([t.number[i], t.best[i]])
      const last = t.number.length > 0 ? t.number[t.number.length - 1] : 1
      return {
        grid: grid,
        legend: { top: 4 },
        tooltip: {
          trigger: 'item',
          formatter: (p) => (p.seriesIndex === 2 ? `best so far after trial ${p.value[0]}: ${TK.esc(TK.fmt(p.value[1]))}` : trialTip(p.value[2])),
        },
        // The axis ends at the last trial, not at the next round number.
        xAxis: valueAxis('trial', { nameGap: 28, minInterval: 1, scale: false, min: 0, max: Math.max(1, last) }),
        yAxis: metricAxis(),
        dataZoom: [{ type: 'inside' }],
        series: [
          { name: 'complete', type: 'scatter', data: complete, symbolSize: 5, itemStyle: { color: '#0969da', opacity: 0.7 }, large: true, largeThreshold: 200 },
          { name: 'pruned', type: 'scatter', data: pruned, symbolSize: 5, itemStyle: { color: '#e16f24', opacity: 0.6 }, large: true, largeThreshold: 200 },
          {
            name: 'best so far',
            type: 'line',
            step: 'end',
            data: best,
            showSymbol: false,
            lineStyle: { color: '#cf222e', width: 2 },
            itemStyle: { color: '#cf222e' },
          },
        ],
      }
    })
  }

  function importanceChart(box) {
    const imp = D.importance
    if (!imp || imp.params.length === 0) {
      TK.empty(box, imp ? `Importance: ${imp.verdict}.` : 'Not enough complete trials yet.')
      return
    }
    TK.chart(box, () => {
      const rows = imp.params.slice().reverse()
      const forest = D.forest && D.forest.params.length > 0 ? D.forest : null
      const share = (name) => {
        if (!forest) return 0
        for (let k = 0; k < forest.params.length; k++) if (forest.params[k].name === name) return forest.params[k].importance
        return 0
      }
      const series = [
        {
          name: 'PED-ANOVA: top trials vs all',
          type: 'bar',
          data: rows.map((r) => ({ value: r.divergence, itemStyle: { color: r.standsOut ? '#0969da' : '#8c959f' } })),
          label: {
            show: true,
            position: 'right',
            formatter: (p) => {
              const r = rows[p.dataIndex]
              return r?.standsOut ? `${Math.round(r.importance * 100)} %` : ''
            },
          },
        },
        { name: 'chance (99th percentile)', type: 'bar', data: rows.map((r) => r.threshold), itemStyle: { color: '#d0d7de' } },
      ]
      const xAxis = [{ type: 'value', name: 'Pearson divergence', nameLocation: 'middle', nameGap: 26 }]
      if (forest) {
        xAxis.push({ type: 'value', name: 'fANOVA share of variance', nameLocation: 'middle', nameGap: 26, position: 'top', min: 0, max: 1 })
        series.push({
          name: 'fANOVA (random forest)',
          type: 'bar',
          // @ts-expect-error: the second x axis
          xAxisIndex: 1,
          data: rows.map((r) => share(r.name)),
          itemStyle: { color: '#8250df' },
          label: { show: true, position: 'right', formatter: (p) => `${Math.round(Number(p.value) * 100)} %` },
        })
      }
      return {
        grid: { left: 140, right: 64, top: forest ? 60 : 36, bottom: 40 },
        legend: { top: 4 },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (ps) => {
            const r = rows[ps[0].dataIndex]
            if (!r) return ''
            return (
              TK.esc(r.name) +
              '<br>PED-ANOVA importance ' +
              Math.round(r.importance * 100) +
              ' %<br>divergence ' +
              TK.fmt(r.divergence) +
              '<br>chance: mean ' +
              TK.fmt(r.chance) +
              ', 99th percentile ' +
              TK.fmt(r.threshold) +
              '<br>p = ' +
              TK.fmt(r.p) +
              '<br>active in ' +
              r.activeTrials +
              ' complete trials' +
              (forest ? `<br>fANOVA share ${Math.round(share(r.name) * 100)} %` : '') +
              (r.note ? `<br>${TK.esc(r.note)}` : '')
            )
          },
        },
        xAxis: xAxis,
        yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 124, overflow: 'truncate' } },
        series: series,
      }
    })
  }

  /** One slice plot per varying parameter, in boxes kept by name so that a redraw finds its chart. */
  function slices(container, idx) {
    const t = T(),
      n = t.number.length
    const wanted = D.params.filter((p) => p.axis !== 'none')
    if (wanted.length === 0) {
      container.textContent = ''
      container.appendChild(TK.el('div', 'empty', 'No parameter varies.'))
      return
    }
    const boxes = {}
    for (let k = 0; k < container.children.length; k++) {
      const b = /** @type {HTMLElement} */ (container.children[k])
      const name = b.getAttribute('data-param')
      if (name !== null) boxes[name] = b
    }
    if (container.querySelector('.empty')) container.textContent = ''
    wanted.forEach((p) => {
      let box = boxes[p.name]
      if (!box) {
        box = TK.el('div', 'chart small')
        box.setAttribute('data-chart', 'slice')
        box.setAttribute('data-param', p.name)
        container.appendChild(box)
      }
      TK.chart(box, () => {
        // Earlier trials light, later ones dark: three series rather than a visualMap, so that each can draw its
        // points as one path (ECharts' large mode), several times faster with a thousand trials.
        /** @type {unknown[][][]} */
        const thirds = [[], [], []]
        for (let k = 0; k < idx.length; k++) {
          const i = idx[k]
          if (isComplete(i) && p.values[i] !== null) thirds[Math.min(2, Math.floor((3 * i) / n))].push([p.values[i], t.value[i], t.number[i], i])
        }
        const xAxis =
          p.axis === 'category'
            ? { type: 'category', data: p.categories, name: p.name, nameLocation: 'middle', nameGap: 28, axisLabel: { width: 80, overflow: 'truncate' } }
            : { type: p.axis === 'log' ? 'log' : 'value', name: p.name, nameLocation: 'middle', nameGap: 28, scale: true }
        return {
          grid: { left: 64, right: 20, top: 20, bottom: 48 },
          tooltip: { trigger: 'item', formatter: (q) => trialTip(q.value[3]) },
          xAxis: xAxis,
          yAxis: metricAxis(),
          series: ['#9cd0fa', '#3b8eea', '#0550ae'].map((colour, k) => ({
            type: 'scatter',
            data: thirds[k],
            symbolSize: 6,
            large: true,
            largeThreshold: 200,
            itemStyle: { color: colour, opacity: 0.8 },
          })),
        }
      })
    })
  }

  function parallel(box, idx) {
    const t = T()
    TK.chart(box, () => {
      const dims = D.params.filter((p) => p.axis !== 'none')
      const axes = dims.map((p, k) =>
        p.axis === 'category'
          ? { dim: k, name: p.name, type: 'category', data: p.categories }
          : { dim: k, name: p.name, type: p.axis === 'log' ? 'log' : 'value', scale: true },
      )
      axes.push({ dim: dims.length, name: D.study.metric, type: 'value', scale: true })
      const rows = [],
        values = []
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]
        if (!isComplete(i)) continue
        const row = dims.map((p) => p.values[i])
        row.push(t.value[i])
        rows.push(row)
        values.push(t.value[i])
      }
      let ext = TK.extent(values) || [0, 1]
      if (ext[0] === ext[1]) ext = [ext[0] - 1, ext[1] + 1]
      const goodToBad = minimize() ? TK.goodBad : TK.goodBad.slice().reverse()
      return {
        parallel: {
          left: 48,
          right: 110,
          top: 40,
          bottom: 36,
          parallelAxisDefault: {
            nameLocation: 'start',
            nameGap: 18,
            nameTextStyle: { width: 110, overflow: 'truncate' },
            axisLabel: { width: 70, overflow: 'truncate' },
          },
        },
        parallelAxis: axes,
        visualMap: {
          type: 'continuous',
          dimension: dims.length,
          min: ext[0],
          max: ext[1],
          precision: TK.precision(ext),
          calculable: true,
          right: 0,
          top: 'middle',
          itemHeight: 160,
          text: [minimize() ? 'worse' : 'better', minimize() ? 'better' : 'worse'],
          inRange: { color: goodToBad },
        },
        series: [{ type: 'parallel', data: rows, lineStyle: { width: 1, opacity: 0.55 }, smooth: false, progressive: 500 }],
      }
    })
  }

  /** Intermediate values: one polyline per trial with two steps or more, a point for a trial with one. */
  function intermediate(box, idx) {
    const keep = {}
    for (let k = 0; k < idx.length; k++) keep[T().number[idx[k]]] = true
    let curves = D.intermediate.filter((c) => keep[c.trial])
    // Thousands of curves are one blur and slow every redraw: the latest MAX_CURVES, and the best trial's.
    if (curves.length > MAX_CURVES) curves = curves.filter((c, k) => k >= curves.length - MAX_CURVES || c.trial === D.bestTrial)
    if (curves.length === 0) {
      TK.empty(box, D.intermediate.length === 0 ? 'No trial reported intermediate values.' : 'The filters leave no trial with intermediate values.')
      return
    }
    TK.chart(box, () => {
      const complete = [],
        other = [],
        single = [],
        xs = [],
        ys = []
      let bestLine = []
      curves.forEach((c) => {
        const coords = c.steps.map((s, k) => {
          xs.push(s)
          ys.push(c.values[k])
          return [s, c.values[k]]
        })
        // A polyline of one point is no line (and ECharts' lines series fails on it): a diverged trial's one report.
        if (coords.length === 1) single.push({ value: coords[0], trial: c.trial, state: c.state })
        else (c.state === 'pruned' ? other : complete).push({ coords: coords, trial: c.trial, state: c.state })
        if (c.trial === D.bestTrial) bestLine = coords
      })
      // ECharts leaves 'lines' series out of the axis extent: give it, rounded to nice ticks (on a log axis, as is).
      const xe = TK.extent(xs) || [0, 1],
        yx = TK.extent(ys) || [0, 1],
        ye = logY() ? yx : TK.nice(yx)
      const tip = (p) =>
        p.data && p.data.trial !== undefined
          ? `trial ${TK.esc(String(p.data.trial))} (${TK.esc(String(p.data.state))})`
          : `best trial ${TK.esc(String(D.bestTrial))}`
      return {
        grid: grid,
        legend: { top: 4 },
        tooltip: { trigger: 'item', formatter: tip },
        xAxis: valueAxis('step', { nameGap: 28, min: xe[0], max: xe[0] === xe[1] ? xe[0] + 1 : xe[1], scale: false }),
        yAxis: metricAxis({ min: ye[0], max: ye[1] }),
        dataZoom: [
          { type: 'inside', xAxisIndex: 0 },
          { type: 'inside', yAxisIndex: 0 },
        ],
        series: [
          {
            name: 'complete',
            type: 'lines',
            coordinateSystem: 'cartesian2d',
            polyline: true,
            data: complete,
            lineStyle: { color: '#0969da', width: 1, opacity: 0.35 },
          },
          {
            name: 'pruned',
            type: 'lines',
            coordinateSystem: 'cartesian2d',
            polyline: true,
            data: other,
            lineStyle: { color: '#e16f24', width: 1, opacity: 0.45 },
          },
          { name: 'one step', type: 'scatter', data: single, symbolSize: 5, itemStyle: { color: '#8250df', opacity: 0.7 } },
          { name: 'best trial', type: 'line', data: bestLine, showSymbol: false, lineStyle: { color: '#cf222e', width: 2.5 }, itemStyle: { color: '#cf222e' } },
        ],
      }
    })
  }

  /** Every trial the filters keep, sortable; parameters constant in every trial are named above it, not repeated per row. */
  function trialTable(container, note, idx) {
    const t = T()
    const params = D.params.filter((p) => p.axis !== 'none')
    const constants = D.params.filter((p) => p.axis === 'none')
    if (note) {
      const text = constants.map((p) => `${p.name} = ${TK.fmt(firstValue(p.values))}`).join(', ')
      note.textContent = text ? `Constant in every trial (not shown as columns): ${text}.` : ''
    }
    const columns = [{ name: '#' }, { name: 'state' }, { name: D.study.metric }, { name: 'duration', format: TK.seconds }]
    params.forEach((p) => {
      columns.push({ name: p.name })
    })
    D.metrics.forEach((m) => {
      columns.push({ name: m.name })
    })
    columns.push({ name: 'error' })
    // The proposer, when trials were proposed by more than the study's strategy (an enqueued or imported trial).
    if (t.strategy) columns.push({ name: 'strategy' })
    const rows = []
    for (let k = 0; k < idx.length; k++) {
      const r = idx[k]
      const row = [t.number[r], t.state[r], t.value[r], t.durationMs[r]]
      for (let j = 0; j < params.length; j++) row.push(params[j].values[r])
      for (let m = 0; m < D.metrics.length; m++) row.push(D.metrics[m].values[r])
      row.push(t.error[r])
      if (t.strategy) row.push(t.strategy[r])
      rows.push(row)
    }
    const key = JSON.stringify(columns.map((c) => c.name))
    if (table && key === tableKey) {
      table.update(rows)
      return
    }
    container.textContent = ''
    tableKey = key
    table = TK.table(container, columns, rows, {
      rowClass: (r) => (rows[r] && rows[r][0] === D.bestTrial ? 'best' : ''),
      cellClass: (c, v) => (c === 1 ? `state-${v}` : ''),
    })
  }

  function firstValue(values) {
    for (let i = 0; i < values.length; i++) if (values[i] !== null) return values[i]
    return ''
  }

  /** Calls draw(extra) for every view present on the page; views of report-views.js register in TK.report.views. */
  const views = []

  /**
   * With lazy drawing (the live dashboard), a view out of sight is drawn when it scrolls into view, and a redraw of
   * one out of sight waits until then: an update of a large study costs the views on the screen, not all of them.
   */
  /** @type {Map<Element, () => void>} */
  const dirty = new Map()
  /** @type {Set<Element>} */
  const inView = new Set()
  /** @type {IntersectionObserver | null} */
  let observer = null
  function job(box, fn) {
    if (!TK.report.lazy || typeof IntersectionObserver !== 'function') {
      fn()
      return
    }
    const obs =
      observer ||
      new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            if (e.isIntersecting) inView.add(e.target)
            else inView.delete(e.target)
            const f = e.isIntersecting ? dirty.get(e.target) : undefined
            if (f) {
              dirty.delete(e.target)
              f()
            }
          }
        },
        { rootMargin: '200px' },
      )
    observer = obs
    if (!dirty.has(box) && !inView.has(box)) {
      obs.observe(box)
      // The first time, tell at once (the observer answers later): the views on the screen draw before the page is done.
      const r = box.getBoundingClientRect()
      if (r.top < window.innerHeight + 200 && r.bottom > -200) inView.add(box)
    }
    if (inView.has(box)) {
      dirty.delete(box)
      fn()
    } else dirty.set(box, fn)
  }

  /** Draws (or redraws in place) every view from report data. */
  function draw(data) {
    D = data
    TK.report.data = data
    const idx = visible()
    const logBox = document.getElementById('control-log')
    if (logBox instanceof HTMLInputElement) logBox.disabled = !positive()
    const at = (id) => document.getElementById(id)
    const h = at('chart-history')
    if (h) job(h, () => history(h, idx))
    const imp = at('chart-importance')
    if (imp) job(imp, () => importanceChart(imp))
    const sg = at('slice-grid')
    if (sg) job(sg, () => slices(sg, idx))
    const par = at('chart-parallel')
    if (par) job(par, () => parallel(par, idx))
    const inter = at('chart-intermediate')
    if (inter) job(inter, () => intermediate(inter, idx))
    for (let k = 0; k < views.length; k++) {
      const v = views[k]
      const box = v.box ? at(v.box) : null
      const data = D
      if (box) job(box, () => v(data, idx))
      else v(D, idx)
    }
    const tt = at('trial-table')
    const started = performance.now()
    if (tt) trialTable(tt, at('trial-constants'), idx)
    TK.timings.push(['table', Math.round(performance.now() - started)])
    const shown = at('filter-shown')
    if (shown) shown.textContent = `${idx.length} of ${T().number.length} trials shown`
  }

  /** The controls above the views: filters by state, without pruned trials, the best N, and a log axis for the objective. */
  function controls(container) {
    const redraw = () => {
      if (D) draw(D)
    }
    const label = (text, input) => {
      const l = TK.el('label', '', text)
      l.prepend(input)
      return l
    }
    const state = TK.el('select')
    state.id = 'control-state'
    ;['all', 'complete', 'pruned', 'fail', 'running', 'waiting'].forEach((s) => {
      const o = TK.el('option', '', s === 'all' ? 'every state' : s)
      o.value = s
      state.appendChild(o)
    })
    state.addEventListener('change', () => {
      S.state = state.value
      redraw()
    })
    const pruned = TK.el('input')
    pruned.type = 'checkbox'
    pruned.id = 'control-hide-pruned'
    pruned.addEventListener('change', () => {
      S.hidePruned = pruned.checked
      redraw()
    })
    const best = TK.el('input')
    best.type = 'number'
    best.min = '0'
    best.placeholder = 'all'
    best.id = 'control-best'
    best.title = 'show only the best N complete trials (empty: all)'
    best.addEventListener('input', () => {
      const v = Math.floor(Number(best.value))
      S.bestN = Number.isFinite(v) && v > 0 ? v : 0
      redraw()
    })
    const log = TK.el('input')
    log.type = 'checkbox'
    log.id = 'control-log'
    log.title = 'a log axis for the objective (when every value is above 0)'
    log.addEventListener('change', () => {
      S.logY = log.checked
      // A log axis and a linear one do not merge: draw the objective's charts anew.
      for (const id of ['chart-history', 'chart-intermediate']) {
        const e = document.getElementById(id)
        if (e) TK.dispose(e)
      }
      const sg = document.getElementById('slice-grid')
      if (sg) sg.textContent = ''
      redraw()
    })
    container.appendChild(state)
    container.appendChild(label(' hide pruned', pruned))
    const bl = TK.el('label', '', 'best ')
    bl.appendChild(best)
    container.appendChild(bl)
    container.appendChild(label(' log y-axis', log))
    const shown = TK.el('span', 'muted')
    shown.id = 'filter-shown'
    container.appendChild(shown)
  }

  /** New importances for the data last drawn (the dashboard's importances arrive after the trials): that chart only. */
  function drawImportance(importance, forest) {
    if (!D) return
    D.importance = importance
    D.forest = forest
    const imp = document.getElementById('chart-importance')
    if (imp) job(imp, () => importanceChart(imp))
  }

  TK.report = { draw: draw, drawImportance: drawImportance, controls: controls, views: views, settings: S, visible: visible, lazy: false, data: null }
})()
