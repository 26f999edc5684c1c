/**
 * Browser code: a table that sorts by any column when its header is clicked (again: the other way).
 * Numbers sort as numbers, then text, and empty cells always last. Cells are written with textContent.
 */
export const TABLE_JS = String.raw`
(function () {
  'use strict';
  var TK = window.TK;

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
    var table = TK.el('table');
    var thead = TK.el('thead');
    var headRow = TK.el('tr');
    var tbody = TK.el('tbody');
    var trs = rows.map(function (row, r) {
      var tr = TK.el('tr', options.rowClass ? options.rowClass(r) : '');
      for (var c = 0; c < columns.length; c++) {
        var v = row[c];
        var text = columns[c].format ? columns[c].format(v) : TK.fmt(v);
        var cls = (typeof v === 'number' ? 'num' : '') + (options.cellClass ? ' ' + (options.cellClass(c, v) || '') : '');
        var td = TK.el('td', cls.trim(), text);
        if (text.length > 40) td.title = text;
        tr.appendChild(td);
      }
      return { row: row, tr: tr, index: r };
    });
    var sorted = { column: -1, descending: false };
    var ths = columns.map(function (col, c) {
      var th = TK.el('th');
      th.setAttribute('scope', 'col');
      th.setAttribute('aria-sort', 'none');
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
      trs.sort(function (x, y) {
        var a = x.row[c], b = y.row[c];
        var ka = kind(a), kb = kind(b);
        // Empty cells stay last whichever the direction.
        if (ka === 2 || kb === 2) return ka === kb ? x.index - y.index : ka === 2 ? 1 : -1;
        var d = compare(a, b);
        return (descending ? -d : d) || x.index - y.index;
      });
      var fragment = document.createDocumentFragment();
      for (var i = 0; i < trs.length; i++) fragment.appendChild(trs[i].tr);
      tbody.appendChild(fragment);
      for (var k = 0; k < ths.length; k++) ths[k].setAttribute('aria-sort', k === c ? (descending ? 'descending' : 'ascending') : 'none');
    }

    var fragment = document.createDocumentFragment();
    for (var i = 0; i < trs.length; i++) fragment.appendChild(trs[i].tr);
    tbody.appendChild(fragment);
    thead.appendChild(headRow);
    table.appendChild(thead);
    table.appendChild(tbody);
    container.appendChild(table);
    return { sortBy: sortBy };
  };
})();
`
