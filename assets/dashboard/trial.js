// @ts-check
/** Browser code of the dashboard's trial page: the trial's intermediate curve; a page of an unfinished trial reloads. */
;(() => {
  const TK = window.TK,
    P = TK.data
  const box = document.getElementById('chart-trial')
  if (box)
    TK.chart(box, () => ({
      grid: { left: 64, right: 24, top: 20, bottom: 48 },
      tooltip: { trigger: 'axis', formatter: (ps) => `step ${TK.esc(String(ps[0].value[0]))}: ${TK.esc(TK.fmt(ps[0].value[1]))}` },
      xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: P.metric, nameLocation: 'middle', nameGap: 44, scale: true },
      series: [{ type: 'line', data: P.steps.map((s, k) => [s, P.values[k]]), showSymbol: P.steps.length < 50, lineStyle: { color: '#0969da', width: 2 } }],
    }))
  TK.done()
  if (P.state === 'running' || P.state === 'waiting') setTimeout(() => window.location.reload(), P.refresh * 1000)
})()
