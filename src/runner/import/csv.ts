/** Parses RFC 4180 CSV (quoted cells with "" escapes and line breaks, CRLF or LF rows): rows of cells, with the line each starts on. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  let any = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else {
        if (c === '\n') line++
        cell += c
      }
      continue
    }
    if (c === '"' && cell === '') {
      quoted = true
      any = true
    } else if (c === ',') {
      cells.push(cell)
      cell = ''
      any = true
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      if (any || cell !== '') rows.push({ line: rowLine, cells: [...cells, cell] })
      cells = []
      cell = ''
      any = false
      line++
      rowLine = line
    } else {
      cell += c
      any = true
    }
  }
  if (any || cell !== '') rows.push({ line: rowLine, cells: [...cells, cell] })
  return rows
}

/** Undoes report csv's spreadsheet-formula quoting: an apostrophe before a leading =, +, -, @, tab or CR. */
export function unquoteFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell
}
