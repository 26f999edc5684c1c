// @ts-check
/** Browser code of the static report page: its controls, then every view, once (the page's data never changes). */
;(() => {
  const TK = window.TK
  const c = document.getElementById('controls')
  if (c) TK.report.controls(c)
  TK.report.draw(TK.data)
  TK.done()
})()
