/**
 * Browser code shared by the report and the comparison pages, inlined as text (it runs in the page, not in Node).
 * Plain ES2017 without template literals, so that it can live in a TypeScript string; `test/report/html.test.ts`
 * parses every client script to catch syntax errors before a browser does.
 *
 * Rule for every script here: text from the data goes into the page through textContent, ECharts' own canvas text,
 * or TK.esc when a tooltip needs markup. Never innerHTML with data.
 */
export const COMMON_JS = String.raw`
(function () {
  'use strict';
  var TK = {};
  window.TK = TK;
  TK.data = JSON.parse(document.getElementById('tunekit-data').textContent);
  TK.charts = [];
  /** [chart, milliseconds] for each chart drawn: where the load time goes. */
  TK.timings = [['start', Math.round(performance.now())]];
  TK.palette = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700', '#1b7c83', '#e16f24', '#6e7781', '#bf3989', '#953800'];
  TK.goodBad = ['#0550ae', '#54aeff', '#d4e5ff', '#ffd8b5', '#fb8f44', '#bc4c00'];

  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  /** Escapes text for the tooltips, the one place where ECharts takes markup. */
  TK.esc = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; });
  };

  /** A number as the text report shows it: integers as they are, 5 significant digits, exponents when tiny or huge. */
  TK.fmt = function (v) {
    if (v === null || v === undefined || v === '') return '';
    if (typeof v !== 'number') return String(v);
    if (!isFinite(v)) return String(v);
    if (Math.round(v) === v) return String(v);
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
    return String(Number(v.toPrecision(5)));
  };

  TK.seconds = function (ms) {
    if (ms === null || ms === undefined) return '';
    var s = ms / 1000;
    if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + 's';
    var m = Math.floor(s / 60);
    if (m < 60) return m + 'm' + String(Math.round(s % 60)).padStart(2, '0') + 's';
    return Math.floor(m / 60) + 'h' + String(m % 60).padStart(2, '0') + 'm';
  };

  /** Creates an element; text goes in as textContent. */
  TK.el = function (tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };

  /** The [min, max] of some numbers, ignoring null; null when there are none. */
  TK.extent = function (values) {
    var lo = Infinity, hi = -Infinity;
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (v === null || v === undefined || !isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return lo <= hi ? [lo, hi] : null;
  };

  /** Widens [lo, hi] to multiples of a round step (1, 2 or 5 times a power of ten), about five steps in all. */
  TK.nice = function (ext) {
    var lo = ext[0], hi = ext[1];
    if (!(hi > lo)) return [lo - 1, hi + 1];
    var raw = (hi - lo) / 5, pow = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / pow;
    var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
    return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
  };

  /**
   * Draws one chart into a container. A chart that fails says so in its box and in the console, and the others
   * still draw: one odd parameter must not blank the whole report.
   */
  TK.chart = function (container, build) {
    var started = performance.now();
    try {
      var chart = echarts.init(container, null, { renderer: 'canvas' });
      var option = build();
      option.animation = false;
      chart.setOption(option);
      TK.charts.push(chart);
      TK.timings.push([container.id || container.getAttribute('data-chart'), Math.round(performance.now() - started)]);
      return chart;
    } catch (e) {
      console.error('tunekit: a chart could not be drawn: ' + (e && e.stack ? e.stack : e));
      container.textContent = 'This chart could not be drawn: ' + (e && e.message ? e.message : String(e));
      return null;
    }
  };

  /** Called once every chart and table is in place: the browser test and load-time measurements wait for it. */
  TK.done = function () {
    window.__tunekitRenderedAt = performance.now();
    TK.timings.push(['done', Math.round(window.__tunekitRenderedAt)]);
    document.body.setAttribute('data-rendered', 'true');
  };

  var pending = 0;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = requestAnimationFrame(function () {
      pending = 0;
      for (var i = 0; i < TK.charts.length; i++) TK.charts[i].resize();
    });
  });
})();
`
