import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

let echarts: string | undefined

/**
 * Apache ECharts, minified, as shipped in its package (its licence header included). The package's exports map
 * offers only its CommonJS entry, dist/echarts.js, to require(); the minified build sits beside it.
 * Read once per process, at report time: nothing is fetched when the page opens.
 */
export function echartsSource(): string {
  if (echarts === undefined) {
    const entry = createRequire(import.meta.url).resolve('echarts')
    echarts = readFileSync(join(dirname(entry), 'echarts.min.js'), 'utf8')
  }
  return echarts
}
