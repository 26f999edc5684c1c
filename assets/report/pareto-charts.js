// @ts-check
/**
 * Browser code of a multi-objective report: the Pareto-front plot (two objectives: one scatter with the feasible
 * front joined; three or more: a scatter matrix of every pair) and the hypervolume history, from TK.data.pareto
 * (see src/report/pareto.ts). Runs before report-charts.js, which calls TK.done. The dashboard calls TK.pareto.draw
 * with each update's data; the charts update in place (TK.chart).
 */
;(() => {
  const TK = window.TK
  TK.pareto = { draw: draw }
  if (TK.data?.pareto) draw(TK.data)

  function draw(D) {
    const P = D.pareto,
      T = D.trials
    if (!P) return
    const m = P.metrics.length,
      n = T.number.length
    const onFront = new Set(P.front)

    /** The points of one pair of objectives, by kind: front, other feasible, infeasible. */
    function points(a, b) {
      const front = [],
        rest = [],
        infeasible = []
      for (let i = 0; i < n; i++) {
        const x = P.values[a][i],
          y = P.values[b][i]
        if (x === null || y === null) continue
        const p = [x, y, i]
        if (!P.feasible[i]) infeasible.push(p)
        else if (onFront.has(T.number[i])) front.push(p)
        else rest.push(p)
      }
      return { front, rest, infeasible }
    }
    function tip(i) {
      const lines = [`trial ${TK.esc(String(T.number[i]))}${P.feasible[i] ? '' : ' (infeasible)'}${onFront.has(T.number[i]) ? ' · on the front' : ''}`]
      for (let k = 0; k < m; k++) lines.push(`${TK.esc(P.metrics[k])} = ${TK.esc(TK.fmt(P.values[k][i]))}`)
      for (let j = 0; j < D.params.length; j++) {
        const v = D.params[j].values[i]
        if (v !== null) lines.push(`${TK.esc(D.params[j].name)} = ${TK.esc(TK.fmt(v))}`)
      }
      return lines.join('<br>')
    }
    function series(s, xAxisIndex, yAxisIndex, joined) {
      /** @type {any[]} */
      const out = [
        { name: 'feasible', type: 'scatter', data: s.rest, symbolSize: 5, xAxisIndex, yAxisIndex, itemStyle: { color: '#8c959f', opacity: 0.6 } },
        {
          name: 'infeasible',
          type: 'scatter',
          data: s.infeasible,
          symbol: 'path://M0,0L10,10M10,0L0,10',
          symbolSize: 6,
          xAxisIndex,
          yAxisIndex,
          itemStyle: { color: 'none', borderColor: '#afb8c1', borderWidth: 1.5 },
        },
        { name: 'Pareto front', type: 'scatter', data: s.front, symbolSize: 8, xAxisIndex, yAxisIndex, itemStyle: { color: '#cf222e' } },
      ]
      if (joined) {
        // The front as a staircase in the order of the first objective (in two objectives it is one).
        const line = s.front.slice().sort((p, q) => p[0] - q[0])
        out.push({
          name: 'front line',
          type: 'line',
          step: P.directions[0] === P.directions[1] ? 'end' : 'start',
          data: line,
          showSymbol: false,
          xAxisIndex,
          yAxisIndex,
          lineStyle: { color: '#cf222e', width: 1, opacity: 0.6 },
          tooltip: { show: false },
        })
      }
      return out
    }

    TK.chart(TK.byId('chart-pareto'), () => {
      const tooltip = { trigger: 'item', formatter: (p) => (p.value && p.value[2] !== undefined ? tip(p.value[2]) : '') }
      if (m === 2) {
        return {
          grid: { left: 72, right: 24, top: 40, bottom: 52 },
          legend: { top: 4, data: ['Pareto front', 'feasible', 'infeasible'] },
          tooltip,
          xAxis: { type: 'value', name: `${P.metrics[0]} (${P.directions[0]})`, nameLocation: 'middle', nameGap: 30, scale: true },
          yAxis: { type: 'value', name: `${P.metrics[1]} (${P.directions[1]})`, nameLocation: 'middle', nameGap: 52, scale: true },
          series: series(points(0, 1), 0, 0, true),
        }
      }
      // Scatter matrix: row r, column c shows objective c (x) against objective r (y); the diagonal holds the names.
      const grids = [],
        xAxes = [],
        yAxes = [],
        all = [],
        titles = []
      const size = 100 / m
      for (let r = 0; r < m; r++) {
        for (let c = 0; c < m; c++) {
          const g = grids.length
          grids.push({ left: `${c * size + 4}%`, top: `${r * size + 3}%`, width: `${size - 6}%`, height: `${size - 7}%` })
          xAxes.push({ type: 'value', gridIndex: g, scale: true, axisLabel: { fontSize: 9, show: r === m - 1 }, splitLine: { show: false } })
          yAxes.push({ type: 'value', gridIndex: g, scale: true, axisLabel: { fontSize: 9, show: c === 0 }, splitLine: { show: false } })
          if (r === c)
            titles.push({
              text: `${P.metrics[r]}\n(${P.directions[r]})`,
              left: `${c * size + size / 2}%`,
              top: `${r * size + size / 2 - 3}%`,
              textAlign: 'center',
              textStyle: { fontSize: 12 },
            })
          else all.push(...series(points(c, r), g, g, false))
        }
      }
      return { title: titles, grid: grids, xAxis: xAxes, yAxis: yAxes, tooltip, series: all }
    })

    TK.chart(TK.byId('chart-hypervolume'), () => ({
      grid: { left: 72, right: 24, top: 24, bottom: 48 },
      tooltip: { trigger: 'axis', formatter: (ps) => `after trial ${TK.esc(String(ps[0].value[0]))}: hypervolume ${TK.esc(TK.fmt(ps[0].value[1]))}` },
      xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 28, minInterval: 1, min: 0 },
      yAxis: { type: 'value', name: 'hypervolume', nameLocation: 'middle', nameGap: 52, scale: true },
      series: [
        { type: 'line', step: 'end', showSymbol: false, data: T.number.map((num, i) => [num, P.hypervolume[i]]), lineStyle: { color: '#1a7f37', width: 2 } },
      ],
    }))
  }
})()
