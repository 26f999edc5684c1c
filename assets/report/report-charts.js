// @ts-check
/**
 * Browser code of the report page: draws the charts and the trial table from TK.data (see report-data.ts).
 * Names and values from the store reach the page only as ECharts canvas text, textContent, or through TK.esc.
 */
;(() => {
  const TK = window.TK,
    D = TK.data,
    T = D.trials,
    n = T.number.length
  const metric = D.study.metric,
    minimize = D.study.direction === 'minimize'
  const grid = { left: 64, right: 24, top: 40, bottom: 48, containLabel: false }
  const goodToBad = minimize ? TK.goodBad : TK.goodBad.slice().reverse()

  function isComplete(i) {
    return T.state[i] === 'complete' && T.value[i] !== null
  }
  function trialTip(i) {
    const lines = [`trial ${TK.esc(String(T.number[i]))} (${TK.esc(String(T.state[i]))})`, `${TK.esc(metric)} = ${TK.esc(TK.fmt(T.value[i]))}`]
    for (let j = 0; j < D.params.length; j++) {
      const v = D.params[j].values[i]
      if (v !== null) lines.push(`${TK.esc(D.params[j].name)} = ${TK.esc(TK.fmt(v))}`)
    }
    return lines.join('<br>')
  }
  function valueAxis(name, extra) {
    const axis = { type: 'value', name: name, nameLocation: 'middle', nameGap: 44, scale: true, axisLine: { onZero: false } }
    for (const k in extra) axis[k] = extra[k]
    return axis
  }

  // Optimisation history.
  TK.chart(TK.byId('chart-history'), () => {
    const complete = [],
      pruned = [],
      best = []
    for (let i = 0; i < n; i++) {
      if (isComplete(i)) complete.push([T.number[i], T.value[i], i])
      else if (T.state[i] === 'pruned' && T.value[i] !== null) pruned.push([T.number[i], T.value[i], i])
      if (T.best[i] !== null) best.push([T.number[i], T.best[i]])
    }
    return {
      grid: grid,
      legend: { top: 4 },
      tooltip: {
        trigger: 'item',
        formatter: (p) => (p.seriesIndex === 2 ? `best so far after trial ${p.value[0]}: ${TK.esc(TK.fmt(p.value[1]))}` : trialTip(p.value[2])),
      },
      xAxis: valueAxis('trial', { nameGap: 28, minInterval: 1, scale: false, min: 0 }),
      yAxis: valueAxis(metric),
      dataZoom: [{ type: 'inside' }],
      series: [
        { name: 'complete', type: 'scatter', data: complete, symbolSize: 5, itemStyle: { color: '#0969da', opacity: 0.7 }, large: true, largeThreshold: 200 },
        { name: 'pruned', type: 'scatter', data: pruned, symbolSize: 5, itemStyle: { color: '#e16f24', opacity: 0.6 } },
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

  // Parameter importance: each parameter's divergence beside what chance reaches.
  const imp = D.importance
  if (imp.params.length > 0) {
    TK.chart(TK.byId('chart-importance'), () => {
      const rows = imp.params.slice().reverse()
      return {
        grid: { left: 140, right: 64, top: 36, bottom: 40 },
        legend: { top: 4 },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (ps) => {
            const r = rows[ps[0].dataIndex]
            return (
              TK.esc(r.name) +
              '<br>importance ' +
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
              (r.note ? `<br>${TK.esc(r.note)}` : '')
            )
          },
        },
        xAxis: { type: 'value', name: 'Pearson divergence', nameLocation: 'middle', nameGap: 26 },
        yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 124, overflow: 'truncate' } },
        series: [
          {
            name: 'top trials vs all',
            type: 'bar',
            data: rows.map((r) => ({ value: r.divergence, itemStyle: { color: r.standsOut ? '#0969da' : '#8c959f' } })),
            label: {
              show: true,
              position: 'right',
              formatter: (p) => {
                const r = rows[p.dataIndex]
                return r.standsOut ? `${Math.round(r.importance * 100)} %` : ''
              },
            },
          },
          { name: 'chance (99th percentile)', type: 'bar', data: rows.map((r) => r.threshold), itemStyle: { color: '#d0d7de' } },
        ],
      }
    })
  }

  // One slice plot per parameter.
  const sliceGrid = document.getElementById('slice-grid')
  if (sliceGrid) {
    const grid = sliceGrid
    D.params.forEach((p) => {
      if (p.axis === 'none') return
      const box = TK.el('div', 'chart small')
      box.setAttribute('data-chart', 'slice')
      /** @type {HTMLElement} */
      grid.appendChild(box)
      TK.chart(box, () => {
        // Earlier trials light, later ones dark: three series rather than a visualMap, so that each can draw its
        // points as one path (ECharts' large mode), several times faster with a thousand trials.
        /** @type {unknown[][][]} */
        const thirds = [[], [], []]
        for (let i = 0; i < n; i++)
          if (isComplete(i) && p.values[i] !== null) thirds[Math.min(2, Math.floor((3 * i) / n))].push([p.values[i], T.value[i], T.number[i], i])
        const xAxis =
          p.axis === 'category'
            ? { type: 'category', data: p.categories, name: p.name, nameLocation: 'middle', nameGap: 28, axisLabel: { width: 80, overflow: 'truncate' } }
            : { type: p.axis === 'log' ? 'log' : 'value', name: p.name, nameLocation: 'middle', nameGap: 28, scale: true }
        return {
          grid: { left: 64, right: 20, top: 20, bottom: 48 },
          tooltip: { trigger: 'item', formatter: (q) => trialTip(q.value[3]) },
          xAxis: xAxis,
          yAxis: valueAxis(metric),
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

  // Parallel coordinates over the parameters and the value.
  TK.chart(TK.byId('chart-parallel'), () => {
    const dims = D.params.filter((p) => p.axis !== 'none')
    const axes = dims.map((p, k) =>
      p.axis === 'category'
        ? { dim: k, name: p.name, type: 'category', data: p.categories }
        : { dim: k, name: p.name, type: p.axis === 'log' ? 'log' : 'value', scale: true },
    )
    axes.push({ dim: dims.length, name: metric, type: 'value', scale: true })
    const rows = [],
      values = []
    for (let i = 0; i < n; i++) {
      if (!isComplete(i)) continue
      const row = dims.map((p) => p.values[i])
      row.push(T.value[i])
      rows.push(row)
      values.push(T.value[i])
    }
    let ext = TK.extent(values) || [0, 1]
    if (ext[0] === ext[1]) ext = [ext[0] - 1, ext[1] + 1]
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
        calculable: true,
        right: 0,
        top: 'middle',
        itemHeight: 160,
        text: [minimize ? 'worse' : 'better', minimize ? 'better' : 'worse'],
        inRange: { color: goodToBad },
      },
      series: [{ type: 'parallel', data: rows, lineStyle: { width: 1, opacity: 0.55 }, smooth: false, progressive: 500 }],
    }
  })

  // Intermediate values: one polyline per trial that reported steps.
  const interBox = document.getElementById('chart-intermediate')
  if (interBox) {
    TK.chart(interBox, () => {
      let complete = [],
        other = [],
        xs = [],
        ys = [],
        bestLine = []
      D.intermediate.forEach((c) => {
        const coords = c.steps.map((s, k) => {
          xs.push(s)
          ys.push(c.values[k])
          return [s, c.values[k]]
        })
        ;(c.state === 'pruned' ? other : complete).push({ coords: coords, trial: c.trial, state: c.state })
        if (c.trial === D.bestTrial) bestLine = coords
      })
      // ECharts leaves 'lines' series out of the axis extent: give it, rounded to nice ticks.
      const xe = TK.extent(xs) || [0, 1],
        ye = TK.nice(TK.extent(ys) || [0, 1])
      const tip = (p) =>
        p.data && p.data.trial !== undefined
          ? `trial ${TK.esc(String(p.data.trial))} (${TK.esc(String(p.data.state))})`
          : `best trial ${TK.esc(String(D.bestTrial))}`
      return {
        grid: grid,
        legend: { top: 4 },
        tooltip: { trigger: 'item', formatter: tip },
        xAxis: valueAxis('step', { nameGap: 28, min: xe[0], max: xe[1], scale: false }),
        yAxis: valueAxis(metric, { min: ye[0], max: ye[1] }),
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
          { name: 'best trial', type: 'line', data: bestLine, showSymbol: false, lineStyle: { color: '#cf222e', width: 2.5 }, itemStyle: { color: '#cf222e' } },
        ],
      }
    })
  }

  // Every trial, sortable.
  const columns = [{ name: '#' }, { name: 'state' }, { name: metric }, { name: 'duration', format: TK.seconds }]
  D.params.forEach((p) => {
    columns.push({ name: p.name })
  })
  D.metrics.forEach((m) => {
    columns.push({ name: m.name })
  })
  columns.push({ name: 'error' })
  if (T.strategy) columns.push({ name: 'strategy' })
  const rows = []
  for (let r = 0; r < n; r++) {
    const row = [T.number[r], T.state[r], T.value[r], T.durationMs[r]]
    for (let j = 0; j < D.params.length; j++) row.push(D.params[j].values[r])
    for (let m = 0; m < D.metrics.length; m++) row.push(D.metrics[m].values[r])
    row.push(T.error[r])
    if (T.strategy) row.push(T.strategy[r])
    rows.push(row)
  }
  TK.table(TK.byId('trial-table'), columns, rows, {
    rowClass: (r) => (T.number[r] === D.bestTrial ? 'best' : ''),
    cellClass: (c, v) => (c === 1 ? `state-${v}` : ''),
  })
  TK.done()
})()
