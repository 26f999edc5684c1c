// @ts-check
/**
 * Browser code of the dashboard's study page: loads the study's trials once, then every refresh asks only for the
 * trials new or changed since its cursor, and redraws the report's views in place (zoom, filters, sort and scroll stay).
 */
;(() => {
  const TK = window.TK,
    P = TK.data,
    live = TK.live
  const base = `/api/studies/${encodeURIComponent(P.key)}`
  // Views out of sight draw when scrolled to: an update costs the views on the screen.
  TK.report.lazy = true
  /** @type {Map<number, any>} */
  const byNumber = new Map()
  let cursor = ''
  /** @type {any} */
  let detail = null
  let drawn = false
  /** What each update cost, for the benchmark and the curious: [trials received, bytes, milliseconds to redraw]. */
  const updates = []
  window.__tunekitUpdates = updates

  function showError(message) {
    const box = TK.byId('store-error')
    box.hidden = !message
    box.textContent = message ? `The store cannot be read now (the last trials read are shown): ${message}` : ''
  }

  function cards() {
    const d = detail
    const P = d.pareto
    if (P) {
      // Several objectives: the feasible front's size and hypervolume, as the report's card says.
      TK.byId('best-value').textContent = `${P.front.length} trial${P.front.length === 1 ? '' : 's'}`
      const hv = P.hypervolume.length ? P.hypervolume[P.hypervolume.length - 1] : 0
      TK.byId('best-value-detail').textContent = `hypervolume ${TK.fmt(hv)} to (${P.reference.map(TK.fmt).join(', ')})`
    } else {
      TK.byId('best-value').textContent = d.best === null ? 'none yet' : TK.fmt(d.best)
      TK.byId('best-value-detail').textContent = d.bestTrial === null ? 'no complete trial' : `trial ${d.bestTrial}`
    }
    TK.byId('trial-total').textContent = String(d.finished)
    const c = d.counts,
      parts = []
    for (const s in c) if (c[s] > 0) parts.push(`${c[s]} ${s}`)
    TK.byId('trial-total-detail').textContent = `finished of ${d.trials}: ${parts.join(', ') || 'none yet'}`
    TK.byId('last-update').textContent = d.updatedAt ? new Date(d.updatedAt).toLocaleTimeString() : '-'
    const note = document.getElementById('note-importance')
    if (note && d.importanceNote) note.textContent = d.importanceNote
  }

  function redraw(received, bytes) {
    const started = performance.now()
    const trials = Array.from(byNumber.values()).sort((a, b) => a.number - b.number)
    const D = live.columns(detail, trials)
    TK.timings.push(['columns', Math.round(performance.now() - started)])
    if (!drawn) TK.report.controls(TK.byId('controls'))
    if (D.pareto && TK.pareto) TK.pareto.draw(D)
    TK.report.draw(D)
    cards()
    updates.push([received, bytes, Math.round(performance.now() - started)])
    if (!drawn) {
      drawn = true
      TK.done()
    }
    document.body.setAttribute('data-cursor', cursor)
  }

  async function poll() {
    try {
      const asked = performance.now()
      // The first time, the study's detail is asked for at once too (the page preloads both answers).
      const first = detail ? null : live.get(base)
      if (first) first.catch(() => {}) // awaited below; a failure there is reported as the trials' would be
      const got = await live.get(`${base}/trials${cursor ? `?after=${encodeURIComponent(cursor)}` : ''}`)
      TK.timings.push(['fetch trials', Math.round(performance.now() - asked)])
      const a = got.body
      showError(a.error)
      if (a.reset) byNumber.clear()
      for (let k = 0; k < a.trials.length; k++) byNumber.set(a.trials[k].number, a.trials[k])
      // Importances come from a thread and may lag the trials: ask again until they are as of the same cursor.
      const changed = a.reset || a.trials.length > 0 || !detail || detail.importanceCursor !== a.cursor
      cursor = a.cursor
      if (changed) {
        const at = performance.now()
        detail = (await (first || live.get(base))).body
        TK.timings.push(['fetch study', Math.round(performance.now() - at)])
        if (drawn && !a.reset && a.trials.length === 0) {
          // Only the importances moved on: redraw that chart and the cards.
          TK.report.drawImportance(detail.importance, detail.forest || null)
          cards()
        } else redraw(a.trials.length, got.bytes)
      }
    } catch (e) {
      showError(e instanceof Error ? e.message : String(e))
    }
    setTimeout(poll, P.refresh * 1000)
  }

  // A trial's number in the table opens its page.
  TK.byId('trial-table').addEventListener('click', (ev) => {
    const td = ev.target instanceof HTMLElement ? ev.target.closest('td') : null
    if (td?.cellIndex !== 0) return
    const n = Number(td.textContent)
    if (Number.isInteger(n)) window.location.href = `/studies/${encodeURIComponent(P.key)}/trials/${n}`
  })

  poll()
})()
