// @ts-check
/**
 * Browser code: a table that sorts by any column when its header is clicked (again: the other way).
 * Numbers sort as numbers, then text, and empty cells always last. Cells are written with textContent.
 *
 * Past WINDOW_FROM rows only the rows in view (and a margin) are in the document, between two spacer rows:
 * laying out a thousand-row table costs more than all the charts of the page together. Column widths are fixed
 * from the longest text of each column, so they do not jump while scrolling.
 */
;(() => {
  const TK = window.TK
  const WINDOW_FROM = 300,
    ROW_HEIGHT = 26,
    MARGIN = 30

  function kind(v) {
    if (v === null || v === undefined || v === '') return 2
    return typeof v === 'number' ? 0 : 1
  }

  function compare(a, b) {
    const ka = kind(a),
      kb = kind(b)
    if (ka !== kb) return ka - kb
    if (ka === 0) return a - b
    if (ka === 1) return String(a).localeCompare(String(b), undefined, { numeric: true })
    return 0
  }

  /**
   * columns: [{ name, format? (value -> text) }]; rows: arrays of cell values (number | string | null);
   * opts.rowClass(rowIndex) -> class name; opts.cellClass(columnIndex, value) -> class name.
   */
  TK.table = (container, columns, rows, options) => {
    const opts = options || {}
    let data = rows
    let windowed = rows.length > WINDOW_FROM
    const table = TK.el('table', windowed ? 'windowed' : '')
    const thead = TK.el('thead')
    const headRow = TK.el('tr')
    const tbody = TK.el('tbody')
    const textOf = (row) => columns.map((col, c) => (col.format ? col.format(row[c]) : TK.fmt(row[c])))
    // A row's texts when it is first shown (a windowed table of 10,000 rows shows a few dozen).
    let texts = new Array(rows.length)
    const text = (r) => {
      if (!texts[r]) texts[r] = textOf(data[r])
      return texts[r]
    }
    let order = rows.map((_, r) => r)
    let made = {}

    function rowElement(r) {
      if (made[r]) return made[r]
      const tr = TK.el('tr', opts.rowClass ? opts.rowClass(r) : '')
      for (let c = 0; c < columns.length; c++) {
        const v = data[r][c],
          shown = text(r)[c]
        const cls = (typeof v === 'number' ? 'num' : '') + (opts.cellClass ? ` ${opts.cellClass(c, v) || ''}` : '')
        const td = TK.el('td', cls.trim(), shown)
        if (shown.length > 40) td.title = shown
        tr.appendChild(td)
      }
      made[r] = tr
      return tr
    }

    function spacer() {
      const tr = TK.el('tr', 'spacer'),
        td = TK.el('td')
      td.colSpan = columns.length
      tr.appendChild(td)
      return { row: tr, cell: td }
    }
    const top = spacer(),
      bottom = spacer()
    let shown = [-1, -1]
    function render(force) {
      let first = 0,
        last = order.length
      if (windowed) {
        first = Math.max(0, Math.floor(container.scrollTop / ROW_HEIGHT) - MARGIN)
        last = Math.min(order.length, first + Math.ceil((container.clientHeight || 640) / ROW_HEIGHT) + 2 * MARGIN)
        if (!force && first === shown[0] && last === shown[1]) return
      }
      shown = [first, last]
      const fragment = document.createDocumentFragment()
      if (windowed) {
        top.cell.style.height = `${first * ROW_HEIGHT}px`
        fragment.appendChild(top.row)
      }
      for (let i = first; i < last; i++) fragment.appendChild(rowElement(order[i]))
      if (windowed) {
        bottom.cell.style.height = `${(order.length - last) * ROW_HEIGHT}px`
        fragment.appendChild(bottom.row)
      }
      tbody.textContent = ''
      tbody.appendChild(fragment)
    }

    let sorted = { column: -1, descending: false }
    const ths = columns.map((col, c) => {
      const th = TK.el('th')
      th.setAttribute('scope', 'col')
      th.setAttribute('aria-sort', 'none')
      if (windowed) {
        let longest = col.name.length + 2
        for (let r = 0; r < data.length; r++) if (text(r)[c].length > longest) longest = text(r)[c].length
        th.style.width = `${Math.min(longest, 48) + 2}ch`
      }
      const button = TK.el('button', '', col.name)
      button.type = 'button'
      button.title = `sort by ${col.name}`
      button.addEventListener('click', () => {
        sortBy(c)
      })
      th.appendChild(button)
      headRow.appendChild(th)
      return th
    })

    function sortBy(c) {
      const descending = sorted.column === c ? !sorted.descending : false
      sorted = { column: c, descending: descending }
      sortRows()
      for (let k = 0; k < ths.length; k++) ths[k].setAttribute('aria-sort', k === c ? (descending ? 'descending' : 'ascending') : 'none')
      render(true)
    }

    function sortRows() {
      const c = sorted.column,
        descending = sorted.descending
      if (c < 0) return
      order.sort((x, y) => {
        const a = data[x][c],
          b = data[y][c]
        const ka = kind(a),
          kb = kind(b)
        // Empty cells stay last whichever the direction.
        if (ka === 2 || kb === 2) return ka === kb ? x - y : ka === 2 ? 1 : -1
        const d = compare(a, b)
        return (descending ? -d : d) || x - y
      })
    }

    /** New rows: the sort and the scroll position stay (the container keeps its scrollTop; rows are made anew). */
    function update(next) {
      data = next
      texts = new Array(next.length)
      order = next.map((_, r) => r)
      made = {}
      sortRows()
      if (!windowed && next.length > WINDOW_FROM) {
        windowed = true
        table.className = 'windowed'
        listen()
      }
      render(true)
    }

    thead.appendChild(headRow)
    table.appendChild(thead)
    table.appendChild(tbody)
    container.appendChild(table)
    render(true)
    function listen() {
      container.addEventListener(
        'scroll',
        () => {
          render(false)
        },
        { passive: true },
      )
    }
    if (windowed) listen()
    return { sortBy: sortBy, update: update }
  }
})()
