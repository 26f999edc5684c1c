/**
 * Escaping for everything a store puts into a page. Parameter names, categorical values, metric names, error text
 * and experiment names come from whoever wrote the store; none of them may ever become markup or script.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for an HTML element or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

/**
 * JSON to embed in a <script type="application/json"> element. `<` becomes \u003c so that no `</script>` (nor `<!--`,
 * which would switch the parser into its double-escaped state) can end the element early; `>` and `&` for symmetry;
 * U+2028 and U+2029 because older JavaScript parsers took them for line ends. JSON.parse reads all of these back as is.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/**
 * Script source to inline in a <script> element: `</script` and `<!--` must not occur in it. Both can only sit in
 * strings, regular expressions or comments of sane code, where `<\/` and `<\x21` read the same.
 */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\x21--')
}
