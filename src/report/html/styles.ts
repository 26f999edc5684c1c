/** The page's style sheet: plain, printable, readable on a laptop and on a phone. */
export const PAGE_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 24px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; word-break: break-word; }
h2 { font-size: 17px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
p, li { color: var(--fg); }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { flex: 1 1 180px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 0; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 18px; font-weight: 600; word-break: break-word; }
.card .detail { font-size: 12px; color: var(--muted); word-break: break-word; }
.chart { width: 100%; height: 380px; border: 1px solid var(--line); border-radius: 6px; }
.chart.small { height: 280px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; }
.statements li { margin: 4px 0; }
.empty { padding: 16px; background: var(--soft); border: 1px dashed var(--line); border-radius: 6px; color: var(--muted); }
.table-wrap { max-height: 640px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; max-width: 420px; overflow: hidden; text-overflow: ellipsis; }
td.num { text-align: right; }
thead th { position: sticky; top: 0; background: var(--soft); z-index: 1; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--accent); }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
table.windowed { table-layout: fixed; }
table.windowed tbody td { height: 26px; padding-top: 0; padding-bottom: 0; line-height: 25px; }
table.windowed tr.spacer td { padding: 0; border: 0; }
tr.best td { background: #dafbe1; }
.state-fail { color: #cf222e; }
.state-pruned { color: #9a6700; }
.state-running, .state-waiting { color: var(--accent); }
`
