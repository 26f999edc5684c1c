// @ts-check
/** Browser code of the dashboard's study list: polls GET /api/studies and rewrites the rows (text only). */
;(() => {
  const TK = window.TK,
    P = TK.data
  const selected = {}
  const tbody = /** @type {HTMLElement} */ (TK.byId('study-list').querySelector('tbody'))
  const compare = /** @type {HTMLButtonElement} */ (TK.byId('compare'))

  function cell(tr, text, testid) {
    const td = TK.el('td', typeof text === 'number' ? 'num' : '', text)
    if (testid) td.setAttribute('data-testid', testid)
    tr.appendChild(td)
    return td
  }

  function render(answer) {
    const fragment = document.createDocumentFragment()
    answer.studies.forEach((s) => {
      const tr = TK.el('tr', s.error ? 'has-error' : '')
      tr.setAttribute('data-study', s.key)
      const pick = TK.el('input')
      pick.type = 'checkbox'
      pick.checked = !!selected[s.key]
      pick.title = 'select to compare'
      pick.addEventListener('change', () => {
        selected[s.key] = pick.checked
        compare.disabled = Object.keys(selected).filter((k) => selected[k]).length === 0
      })
      const first = TK.el('td')
      first.appendChild(pick)
      tr.appendChild(first)
      const name = TK.el('td')
      const a = TK.el('a', '', s.name)
      a.href = `/studies/${encodeURIComponent(s.key)}`
      name.appendChild(a)
      if (s.error) name.appendChild(TK.el('div', 'error', s.error))
      tr.appendChild(name)
      cell(tr, s.location)
      cell(tr, `${s.direction} ${s.metric}`)
      cell(tr, s.strategy)
      cell(tr, s.finished, 'trial-count')
      cell(tr, s.counts.running)
      const parts = []
      for (const k in s.counts) if (s.counts[k] > 0) parts.push(`${s.counts[k]} ${k}`)
      cell(tr, parts.join(', '))
      cell(tr, s.best === null ? '' : TK.fmt(s.best), 'study-best')
      cell(tr, s.updatedAt ? new Date(s.updatedAt).toLocaleTimeString() : '')
      fragment.appendChild(tr)
    })
    tbody.textContent = ''
    tbody.appendChild(fragment)
    const errors = TK.byId('store-errors')
    errors.textContent = ''
    answer.storeErrors.forEach((e) => {
      errors.appendChild(TK.el('p', 'error', `${e.location}: ${e.error}`))
    })
    TK.byId('list-status').textContent = `${answer.studies.length} ${answer.studies.length === 1 ? 'study' : 'studies'} · ${new Date().toLocaleTimeString()}`
  }

  compare.addEventListener('click', () => {
    const keys = Object.keys(selected).filter((k) => selected[k])
    if (keys.length > 0) window.location.href = `/compare?${keys.map((k) => `studies=${encodeURIComponent(k)}`).join('&')}`
  })

  let first = true
  async function poll() {
    try {
      render((await TK.live.get('/api/studies')).body)
    } catch (e) {
      TK.byId('list-status').textContent = `cannot reach the dashboard: ${e instanceof Error ? e.message : String(e)}`
    }
    if (first) {
      first = false
      TK.done()
    }
    setTimeout(poll, P.refresh * 1000)
  }
  poll()
})()
