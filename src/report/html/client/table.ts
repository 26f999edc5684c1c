/**
 * Browser code: a table that sorts by any column when its header is clicked (again: the other way).
 * Numbers sort as numbers, then text, and empty cells always last. Cells are written with textContent.
 *
 * Past WINDOW_FROM rows only the rows in view (and a margin) are in the document, between two spacer rows:
 * laying out a thousand-row table costs more than all the charts of the page together. Column widths are fixed
 * from the longest text of each column, so they do not jump while scrolling.
 */
export const TABLE_JS = String.raw`
(function () {
  'use strict';
  var TK = window.TK;
  var WINDOW_FROM = 300, ROW_HEIGHT = 26, MARGIN = 30;

  function kind(v) {
    if (v === null || v === undefined || v === '') return 2;
    return typeof v === 'number' ? 0 : 1;
  }

  function compare(a, b) {
    var ka = kind(a), kb = kind(b);
    if (ka !== kb) return ka - kb;
    if (ka === 0) return a - b;
    if (ka === 1) return String(a).localeCompare(String(b), undefined, { numeric: true });
    return 0;
  }

  /**
   * columns: [{ name, format? (value -> text) }]; rows: arrays of cell values (number | string | null);
   * options.rowClass(rowIndex) -> class name; options.cellClass(columnIndex, value) -> class name.
   */
  TK.table = function (container, columns, rows, options) {
    options = options || {};
    var windowed = rows.length > WINDOW_FROM;
    var table = TK.el('table', windowed ? 'windowed' : '');
    var thead = TK.el('thead');
    var headRow = TK.el('tr');
    var tbody = TK.el('tbody');
    var texts = rows.map(function (row) {
      return columns.map(function (col, c) { return col.format ? col.format(row[c]) : TK.fmt(row[c]); });
    });
    var order = rows.map(function (_, r) { return r; });
    var made = {};

    function rowElement(r) {
      if (made[r]) return made[r];
      var tr = TK.el('tr', options.rowClass ? options.rowClass(r) : '');
      for (var c = 0; c < columns.length; c++) {
        var v = rows[r][c], text = texts[r][c];
        var cls = (typeof v === 'number' ? 'num' : '') + (options.cellClass ? ' ' + (options.cellClass(c, v) || '') : '');
        var td = TK.el('td', cls.trim(), text);
        if (text.length > 40) td.title = text;
        tr.appendChild(td);
      }
      made[r] = tr;
      return tr;
    }

    function spacer() {
      var tr = TK.el('tr', 'spacer'), td = TK.el('td');
      td.colSpan = columns.length;
      tr.appendChild(td);
      return tr;
    }
    var top = spacer(), bottom = spacer();
    var shown = [-1, -1];
    function render(force) {
      var first = 0, last = order.length;
      if (windowed) {
        first = Math.max(0, Math.floor(container.scrollTop / ROW_HEIGHT) - MARGIN);
        last = Math.min(order.length, first + Math.ceil((container.clientHeight || 640) / ROW_HEIGHT) + 2 * MARGIN);
        if (!force && first === shown[0] && last === shown[1]) return;
      }
      shown = [first, last];
      var fragment = document.createDocumentFragment();
      if (windowed) { top.firstChild.style.height = first * ROW_HEIGHT + 'px'; fragment.appendChild(top); }
      for (var i = first; i < last; i++) fragment.appendChild(rowElement(order[i]));
      if (windowed) { bottom.firstChild.style.height = (order.length - last) * ROW_HEIGHT + 'px'; fragment.appendChild(bottom); }
      tbody.textContent = '';
      tbody.appendChild(fragment);
    }

    var sorted = { column: -1, descending: false };
    var ths = columns.map(function (col, c) {
      var th = TK.el('th');
      th.setAttribute('scope', 'col');
      th.setAttribute('aria-sort', 'none');
      if (windowed) {
        var longest = col.name.length + 2;
        for (var r = 0; r < texts.length; r++) if (texts[r][c].length > longest) longest = texts[r][c].length;
        th.style.width = Math.min(longest, 48) + 2 + 'ch';
      }
      var button = TK.el('button', '', col.name);
      button.type = 'button';
      button.title = 'sort by ' + col.name;
      button.addEventListener('click', function () { sortBy(c); });
      th.appendChild(button);
      headRow.appendChild(th);
      return th;
    });

    function sortBy(c) {
      var descending = sorted.column === c ? !sorted.descending : false;
      sorted = { column: c, descending: descending };
      order.sort(function (x, y) {
        var a = rows[x][c], b = rows[y][c];
        var ka = kind(a), kb = kind(b);
        // Empty cells stay last whichever the direction.
        if (ka === 2 || kb === 2) return ka === kb ? x - y : ka === 2 ? 1 : -1;
        var d = compare(a, b);
        return (descending ? -d : d) || x - y;
      });
      for (var k = 0; k < ths.length; k++) ths[k].setAttribute('aria-sort', k === c ? (descending ? 'descending' : 'ascending') : 'none');
      render(true);
    }

    thead.appendChild(headRow);
    table.appendChild(thead);
    table.appendChild(tbody);
    container.appendChild(table);
    render(true);
    if (windowed) container.addEventListener('scroll', function () { render(false); }, { passive: true });
    return { sortBy: sortBy };
  };
})();
`
