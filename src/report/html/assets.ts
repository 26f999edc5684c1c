import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { PACKAGE_ROOT } from '../../util/schemas.js'

/**
 * What the report pages inline, read from disk once per process at report time (nothing is fetched when a page
 * opens): Apache ECharts as shipped in its package, and the pages' own browser scripts and style sheet, which are
 * real files in the package's assets/report/ (type-checked against the DOM, linted like the rest).
 */
const cache = new Map<string, string>()

function once(key: string, read: () => string): string {
  let text = cache.get(key)
  if (text === undefined) {
    text = read()
    cache.set(key, text)
  }
  return text
}

/**
 * ECharts, minified, its licence header included. The package's exports map offers only its CommonJS entry,
 * dist/echarts.js, to require(); the minified build sits beside it.
 */
export function echartsSource(): string {
  return once('echarts', () => readFileSync(join(dirname(createRequire(import.meta.url).resolve('echarts')), 'echarts.min.js'), 'utf8'))
}

/** The browser scripts of the pages, in the order they run (common first: the others use what it defines). */
export type ClientScript = 'common' | 'table' | 'pareto-charts' | 'report-charts' | 'report-views' | 'report-main' | 'compare-charts'

export function clientScript(name: ClientScript): string {
  return once(name, () => readFileSync(new URL(`assets/report/${name}.js`, PACKAGE_ROOT), 'utf8'))
}

export function pageCss(): string {
  return once('css', () => readFileSync(new URL('assets/report/page.css', PACKAGE_ROOT), 'utf8'))
}
