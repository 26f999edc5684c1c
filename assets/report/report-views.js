// @ts-check
/**
 * Browser code: the report's views beyond the basic ones, each a function of (report data, the indices of the trials
 * the filters keep), registered with report-charts.js and redrawn with the others: contour, EDF, timeline.
 */
;(() => {
  const TK = window.TK
  const CELLS = 28
  /** The contour interpolates from at most this many trials (evenly spaced in number order); the timeline draws the latest MAX_BARS. */
  const MAX_POINTS = 600,
    MAX_BARS = 2000
  const STATE_COLOURS = { complete: '#0969da', pruned: '#e16f24', fail: '#cf222e', running: '#1a7f37', waiting: '#8c959f' }
  /** The contour's two parameters, by name, once the reader chose them (else the two most important). */
  const chosen = { x: '', y: '' }

  function isComplete(D, i) {
    return D.trials.state[i] === 'complete' && D.trials.value[i] !== null
  }

  /** A parameter's value as a position on its axis: log10 for log axes, the choice's index for categories. */
  function position(p, v) {
    if (v === null || v === undefined) return null
    if (p.axis === 'category') {
      const k = p.categories.indexOf(String(v))
      return k < 0 ? null : k
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) return null
    if (p.axis === 'log') return v > 0 ? Math.log10(v) : null
    return v
  }

  function axisFor(p, ext) {
    const axis = { type: 'value', name: p.name, nameLocation: 'middle', nameGap: 30, min: ext[0], max: ext[1], axisLabel: {} }
    if (p.axis === 'category') {
      axis.min = -0.5
      axis.max = p.categories.length - 0.5
      axis.interval = 1
      axis.axisLabel = { formatter: (v) => (Number.isInteger(v) && p.categories[v] !== undefined ? p.categories[v] : ''), width: 80, overflow: 'truncate' }
    } else if (p.axis === 'log') axis.axisLabel = { formatter: (v) => TK.fmt(10 ** v) }
    return axis
  }

  function contourControls(D, box, redraw) {
    const params = D.params.filter((p) => p.axis !== 'none')
    const names = params.map((p) => p.name)
    if (box.getAttribute('data-names') === JSON.stringify(names)) return
    box.setAttribute('data-names', JSON.stringify(names))
    box.textContent = ''
    ;['x', 'y'].forEach((which) => {
      const select = TK.el('select')
      select.id = `contour-${which}`
      names.forEach((n) => {
        const o = TK.el('option', '', n)
        o.value = n
        select.appendChild(o)
      })
      select.value = chosen[which]
      select.addEventListener('change', () => {
        chosen[which] = select.value
        redraw()
      })
      const label = TK.el('label', '', `${which} `)
      label.appendChild(select)
      box.appendChild(label)
    })
  }

  /** The two parameters to draw: the reader's, else the two most important that vary, else the first two. */
  function pickPair(D) {
    const params = D.params.filter((p) => p.axis !== 'none')
    const byName = {}
    params.forEach((p) => {
      byName[p.name] = p
    })
    const order = []
    const ranked = D.importance ? D.importance.params : []
    for (let k = 0; k < ranked.length; k++) if (byName[ranked[k].name]) order.push(ranked[k].name)
    for (let k = 0; k < params.length; k++) if (order.indexOf(params[k].name) < 0) order.push(params[k].name)
    if (!byName[chosen.x]) chosen.x = order[0] || ''
    if (!byName[chosen.y] || chosen.y === chosen.x) chosen.y = order.find((n) => n !== chosen.x) || ''
    return [byName[chosen.x], byName[chosen.y]]
  }

  function contour(D, idx) {
    const box = document.getElementById('chart-contour')
    if (!box) return
    const controls = document.getElementById('contour-controls')
    const pair = pickPair(D)
    if (controls) contourControls(D, controls, () => contour(D, TK.report.visible()))
    const sx = document.getElementById('contour-x'),
      sy = document.getElementById('contour-y')
    if (sx instanceof HTMLSelectElement) sx.value = chosen.x
    if (sy instanceof HTMLSelectElement) sy.value = chosen.y
    const px = pair[0],
      py = pair[1]
    if (!px || !py) {
      TK.empty(box, 'A contour needs two parameters that vary.')
      return
    }
    const pts = []
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k]
      if (!isComplete(D, i)) continue
      const x = position(px, px.values[i]),
        y = position(py, py.values[i])
      if (x !== null && y !== null) pts.push([x, y, D.trials.value[i], i])
    }
    if (pts.length < 3) {
      TK.empty(box, 'Not enough complete trials with both parameters yet.')
      return
    }
    TK.chart(box, () => {
      const ex = px.axis === 'category' ? [-0.5, px.categories.length - 0.5] : widen(TK.extent(pts.map((p) => p[0])))
      const ey = py.axis === 'category' ? [-0.5, py.categories.length - 0.5] : widen(TK.extent(pts.map((p) => p[1])))
      const sx = ex[1] - ex[0] || 1,
        sy = ey[1] - ey[0] || 1
      const cells = []
      const step = Math.max(1, Math.ceil(pts.length / MAX_POINTS))
      const near = step === 1 ? pts : pts.filter((_p, k) => k % step === 0)
      const dx = (ex[1] - ex[0]) / CELLS,
        dy = (ey[1] - ey[0]) / CELLS
      // Inverse-distance weighting (power 2) in the unit square: every cell a weighted mean of the trials' values.
      for (let a = 0; a < CELLS; a++)
        for (let b = 0; b < CELLS; b++) {
          const cx = ex[0] + (a + 0.5) * dx,
            cy = ey[0] + (b + 0.5) * dy
          let w = 0,
            s = 0,
            exact = null
          for (let k = 0; k < near.length; k++) {
            const ux = (near[k][0] - cx) / sx,
              uy = (near[k][1] - cy) / sy
            const d2 = ux * ux + uy * uy
            if (d2 < 1e-12) {
              exact = near[k][2]
              break
            }
            const wk = 1 / (d2 * d2)
            w += wk
            s += wk * near[k][2]
          }
          cells.push([cx - dx / 2, cy - dy / 2, exact === null ? s / w : exact, cx + dx / 2, cy + dy / 2])
        }
      const cw = Math.max(100, box.clientWidth - 72 - 110),
        ch = Math.max(100, box.clientHeight - 20 - 48)
      let ve = TK.extent(pts.map((p) => p[2])) || [0, 1]
      if (ve[0] === ve[1]) ve = [ve[0] - 1, ve[1] + 1]
      const goodToBad = D.study.direction === 'minimize' ? TK.goodBad : TK.goodBad.slice().reverse()
      return {
        grid: { left: 72, right: 110, top: 20, bottom: 48 },
        tooltip: { trigger: 'item', formatter: (p) => (p.seriesIndex === 1 ? tip(D, p.value[3]) : '') },
        xAxis: axisFor(px, ex),
        yAxis: axisFor(py, ey),
        visualMap: {
          type: 'continuous',
          dimension: 2,
          seriesIndex: 0,
          min: ve[0],
          max: ve[1],
          precision: TK.precision(ve),
          right: 0,
          top: 'middle',
          itemHeight: 160,
          calculable: false,
          inRange: { color: goodToBad },
        },
        series: [
          {
            // Cells as square symbols (one series, drawn at once), sized to the grid: a custom series costs a call per cell.
            type: 'scatter',
            data: cells.map((c) => [(c[0] + c[3]) / 2, (c[1] + c[4]) / 2, c[2]]),
            symbol: 'rect',
            symbolSize: [Math.ceil(cw / CELLS) + 1, Math.ceil(ch / CELLS) + 1],
            silent: true,
            large: true,
            largeThreshold: 100,
          },
          { type: 'scatter', data: pts, symbolSize: 5, itemStyle: { color: '#1f2328', opacity: 0.7, borderColor: '#ffffff', borderWidth: 0.5 } },
        ],
      }
    })
  }

  function widen(ext) {
    const e = ext || [0, 1]
    const pad = (e[1] - e[0]) * 0.02 || 0.5
    return [e[0] - pad, e[1] + pad]
  }

  function tip(D, i) {
    const lines = [`trial ${TK.esc(String(D.trials.number[i]))}`, `${TK.esc(D.study.metric)} = ${TK.esc(TK.fmt(D.trials.value[i]))}`]
    return lines.join('<br>')
  }

  /** The empirical distribution function of the complete trials' values. */
  function edf(D, idx) {
    const box = document.getElementById('chart-edf')
    if (!box) return
    const values = []
    for (let k = 0; k < idx.length; k++) if (isComplete(D, idx[k])) values.push(D.trials.value[idx[k]])
    if (values.length === 0) {
      TK.empty(box, 'No complete trial yet.')
      return
    }
    values.sort((a, b) => a - b)
    // A step at every 1/500 of the trials at most: the same curve to the eye, a fraction of the points.
    const every = Math.max(1, Math.floor(values.length / 500))
    const data = []
    for (let k = 0; k < values.length; k++) if (k % every === 0 || k === values.length - 1) data.push([values[k], (k + 1) / values.length])
    const log = TK.report.settings.logY && values[0] > 0
    TK.chart(box, () => ({
      grid: { left: 64, right: 24, top: 20, bottom: 48 },
      tooltip: {
        trigger: 'axis',
        formatter: (ps) => `${TK.esc(TK.fmt(ps[0].value[0]))}: ${Math.round(ps[0].value[1] * 100)} % of complete trials at or below`,
      },
      xAxis: { type: log ? 'log' : 'value', name: D.study.metric, nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: 'share of trials', nameLocation: 'middle', nameGap: 44, min: 0, max: 1 },
      series: [{ type: 'line', step: 'end', data: data, showSymbol: false, lineStyle: { color: '#0969da', width: 2 } }],
    }))
  }

  /**
   * Trials over wall-clock time: one row per worker the store kept, else rows filled greedily (a trial takes the
   * first row free at its start), which is what the parallel slots were.
   */
  function timeline(D, idx) {
    const box = document.getElementById('chart-timeline')
    if (!box) return
    const T = D.trials
    const now = Date.now()
    const items = []
    for (let k = Math.max(0, idx.length - MAX_BARS); k < idx.length; k++) {
      const i = idx[k]
      const start = T.startMs[i]
      if (start === null || start === undefined) continue
      const end = T.endMs[i] !== null && T.endMs[i] !== undefined ? T.endMs[i] : T.state[i] === 'running' ? now : start
      items.push({ i: i, start: start, end: Math.max(end, start), worker: T.worker[i] })
    }
    if (items.length === 0) {
      TK.empty(box, 'No trial has started yet.')
      return
    }
    items.sort((a, b) => a.start - b.start || a.i - b.i)
    const rows = [],
      freeAt = []
    const named = {}
    items.forEach((it) => {
      if (it.worker) {
        if (named[it.worker] === undefined) {
          named[it.worker] = rows.length
          rows.push(it.worker)
        }
        it.row = named[it.worker]
        return
      }
      let r = freeAt.findIndex((t) => t <= it.start)
      if (r < 0) {
        r = freeAt.length
        freeAt.push(0)
        rows.push(`slot ${r + 1}`)
      }
      freeAt[r] = it.end
      it.row = rows.indexOf(`slot ${r + 1}`)
    })
    const t0 = items[0].start
    // One 'lines' series per state (bars as thick segments, drawn as one path each): fast for thousands of trials.
    const byState = {}
    items.forEach((it) => {
      const st = T.state[it.i]
      if (!byState[st]) byState[st] = []
      byState[st].push({
        coords: [
          [(it.start - t0) / 1000, it.row],
          [Math.max((it.end - t0) / 1000, (it.start - t0) / 1000 + 0.001), it.row],
        ],
        trial: it.i,
      })
    })
    const states = Object.keys(STATE_COLOURS)
    const h = Math.max(2, Math.min(14, (box.clientHeight - 68) / Math.max(1, rows.length) - 2))
    let xmax = 0
    items.forEach((it) => {
      xmax = Math.max(xmax, (it.end - t0) / 1000)
    })
    TK.chart(box, () => ({
      grid: { left: 96, right: 24, top: 28, bottom: 48 },
      legend: { top: 2 },
      tooltip: {
        trigger: 'item',
        formatter: (p) =>
          p.data && p.data.trial !== undefined
            ? `trial ${TK.esc(String(T.number[p.data.trial]))} (${TK.esc(String(T.state[p.data.trial]))}), ${TK.seconds(T.durationMs[p.data.trial])}`
            : '',
      },
      xAxis: { type: 'value', name: 'seconds since the first start', nameLocation: 'middle', nameGap: 28, min: 0, max: Math.max(xmax, 0.001) },
      yAxis: { type: 'category', data: rows, axisLabel: { width: 84, overflow: 'truncate' } },
      dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
      series: states.map((st) => ({
        name: st,
        type: 'lines',
        coordinateSystem: 'cartesian2d',
        data: byState[st] || [],
        large: true,
        largeThreshold: 500,
        lineStyle: { color: STATE_COLOURS[st], width: h, opacity: 1, cap: 'butt' },
      })),
    }))
  }

  contour.box = 'chart-contour'
  edf.box = 'chart-edf'
  timeline.box = 'chart-timeline'
  TK.report.views.push(contour, edf, timeline)
})()
