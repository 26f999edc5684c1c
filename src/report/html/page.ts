import { randomBytes } from 'node:crypto'
import { type ClientScript, clientScript, echartsSource, pageCss } from './assets.js'
import { escapeHtml, inlineScript, jsonForScript } from './escape.js'

export interface PageParts {
  readonly title: string
  /** Markup rendered on the server, every store string already escaped. */
  readonly body: string
  /** What the page scripts draw from, embedded as JSON (read with JSON.parse, never evaluated). */
  readonly data: unknown
  /** Scripts that run after the chart library and the shared helpers, in order (inlined as one script element). */
  readonly scripts: readonly ClientScript[]
}

/**
 * One self-contained HTML file: styles, the chart library, the data and the page scripts all inline.
 * The Content-Security-Policy allows no network at all and only the scripts that carry this page's nonce, so even
 * a string that escaped escaping could neither run (no inline handlers, no injected scripts) nor call home.
 */
export function htmlPage(parts: PageParts): string {
  const nonce = randomBytes(16).toString('base64')
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  const script = (code: string): string => `<script nonce="${nonce}">${inlineScript(code)}</script>`
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`, // no store data in it
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${pageCss()}</style>`,
    '</head>',
    '<body>',
    parts.body,
    `<script type="application/json" id="tunekit-data">${jsonForScript(parts.data)}</script>`,
    script(echartsSource()),
    script(clientScript('common')),
    script(clientScript('table')),
    // The page's own scripts in one element, in order (each is a self-contained function).
    script(parts.scripts.map((name) => clientScript(name)).join('\n')),
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
