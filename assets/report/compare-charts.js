// @ts-check
/**
 * Browser code of the comparison page: draws from TK.data, a Comparison (see compare.ts).
 * Group and experiment names reach the page only as ECharts canvas text, textContent, or through TK.esc.
 */
;(() => {
  const TK = window.TK,
    C = TK.data,
    G = C.groups
  function colour(k) {
    return TK.palette[k % TK.palette.length]
  }
  let length = 0
  G.forEach((g) => {
    length = Math.max(length, g.band.median.length)
  })
  const steps = []
  for (let i = 1; i <= length; i++) steps.push(String(i))

  // Median best-so-far per group with its interquartile band: q1, then q3 - q1 stacked on it and filled.
  TK.chart(TK.byId('chart-bands'), () => {
    const series = []
    G.forEach((g, k) => {
      const stack = `band${k}`
      const lower = g.band.q1.map((v) => (v === null ? '-' : v))
      const width = g.band.q3.map((v, i) => (v === null || g.band.q1[i] === null ? '-' : v - g.band.q1[i]))
      // The three series share the group's name, so its legend entry shows and hides all of them.
      series.push({
        name: g.name,
        type: 'line',
        data: lower,
        stack: stack,
        stackStrategy: 'all',
        showSymbol: false,
        silent: true,
        lineStyle: { opacity: 0 },
        itemStyle: { color: colour(k) },
        tooltip: { show: false },
      })
      series.push({
        name: g.name,
        type: 'line',
        data: width,
        stack: stack,
        stackStrategy: 'all',
        showSymbol: false,
        silent: true,
        lineStyle: { opacity: 0 },
        areaStyle: { color: colour(k), opacity: 0.18 },
        itemStyle: { color: colour(k) },
        tooltip: { show: false },
      })
      series.push({
        name: g.name,
        type: 'line',
        data: g.band.median,
        showSymbol: false,
        lineStyle: { color: colour(k), width: 2 },
        itemStyle: { color: colour(k) },
      })
    })
    return {
      grid: { left: 72, right: 24, top: 40, bottom: 48 },
      legend: { top: 4, data: G.map((g) => g.name) },
      tooltip: {
        trigger: 'axis',
        formatter: (ps) => {
          const i = ps.length ? ps[0].dataIndex : 0
          const lines = [`after ${i + 1} trials`]
          G.forEach((g) => {
            if (g.band.median[i] === null || g.band.median[i] === undefined) return
            lines.push(`${TK.esc(g.name)}: median ${TK.esc(TK.fmt(g.band.median[i]))} [${TK.esc(TK.fmt(g.band.q1[i]))}, ${TK.esc(TK.fmt(g.band.q3[i]))}]`)
          })
          return lines.join('<br>')
        },
      },
      xAxis: { type: 'category', data: steps, name: 'finished trials', nameLocation: 'middle', nameGap: 28, boundaryGap: false },
      yAxis: { type: 'value', name: `best ${C.metric}`, nameLocation: 'middle', nameGap: 52, scale: true },
      dataZoom: [{ type: 'inside' }],
      series: series,
    }
  })

  // Final best per run, with each group's quartiles as a box.
  TK.chart(TK.byId('chart-final'), () => {
    const names = G.map((g) => g.name)
    const boxes = G.map((g) => {
      if (g.finalBest.length === 0) return '-'
      const e = TK.extent(g.finalBest) || [g.median, g.median]
      return [e[0], g.q1, g.median, g.q3, e[1]]
    })
    const points = []
    C.experiments.forEach((e) => {
      if (e.best !== null) points.push({ value: [e.group, e.best], label: e.label, itemStyle: { color: colour(names.indexOf(e.group)) } })
    })
    return {
      grid: { left: 72, right: 24, top: 20, bottom: 48 },
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          if (p.seriesType === 'boxplot') {
            const g = G[p.dataIndex]
            return `${TK.esc(g.name)} (${g.finalBest.length} runs)<br>median ${TK.fmt(g.median)}, q1 ${TK.fmt(g.q1)}, q3 ${TK.fmt(g.q3)}`
          }
          return `${TK.esc(p.data.label)}<br>best ${TK.esc(TK.fmt(p.value[1]))}`
        },
      },
      xAxis: { type: 'category', data: names, name: C.groupBy, nameLocation: 'middle', nameGap: 28, axisLabel: { width: 120, overflow: 'truncate' } },
      yAxis: { type: 'value', name: `best ${C.metric}`, nameLocation: 'middle', nameGap: 52, scale: true },
      series: [
        { type: 'boxplot', data: boxes, itemStyle: { color: 'rgba(9,105,218,0.06)', borderColor: '#57606a' } },
        { type: 'scatter', data: points, symbolSize: 8, itemStyle: { opacity: 0.8 } },
      ],
    }
  })

  TK.table(
    TK.byId('group-table'),
    [
      { name: C.groupBy },
      { name: 'runs' },
      { name: 'median best' },
      { name: 'q1' },
      { name: 'q3' },
      { name: 'median area', format: (v) => (typeof v === 'number' ? v.toFixed(3) : '') },
    ],
    G.map((g) => [g.name, g.runs, g.median, g.q1, g.q3, g.medianArea]),
  )

  TK.table(
    TK.byId('experiment-table'),
    [
      { name: 'experiment' },
      { name: C.groupBy },
      { name: 'store' },
      { name: 'best' },
      { name: 'trials' },
      { name: 'to 1%', format: (v) => (v === null ? 'never' : String(v)) },
      { name: 'area', format: (v) => (typeof v === 'number' ? v.toFixed(3) : '') },
      { name: 'wall', format: TK.seconds },
      { name: 'complete' },
      { name: 'pruned' },
      { name: 'fail' },
      { name: 'running' },
    ],
    C.experiments.map((e) => [
      e.label,
      e.group,
      e.location,
      e.best,
      e.trials,
      e.trialsToWithin1Percent,
      e.area,
      e.wallMs,
      e.counts.complete,
      e.counts.pruned,
      e.counts.fail,
      e.counts.running + e.counts.waiting,
    ]),
  )
  TK.done()
})()
