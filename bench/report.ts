import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { reportHtml } from '../src/report/html/report-page.js'
import { openStorage } from '../src/storage/index.js'
import { chromiumSkipReason, launchChromium, openPage } from '../test/browser/chromium.js'
import { buildDemoStore } from '../test/report/helpers.js'
import { median } from './compare.js'

/**
 * `npm run bench -- report`: the HTML report of a study of N trials (default 1,000) in headless Chromium: its size and
 * the time until every chart and the table are drawn, the median of several loads. The baseline measured beside it is
 * a 100-trial report, so the ratio says what the size of the study costs on this machine today.
 */
export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { trials: { type: 'string', default: '1000' }, loads: { type: 'string', default: '5' } } })
  if (chromiumSkipReason) {
    console.log(chromiumSkipReason)
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-bench-report-'))
  const browser = await launchChromium()
  try {
    const measure = async (n: number): Promise<{ bytes: number; ms: number[] }> => {
      const store = join(dir, `store-${n}.json`)
      await buildDemoStore(store, n)
      const s = await openStorage(store, { readonly: true })
      const [study] = await s.listStudies()
      const html = reportHtml(study!, await s.getTrials(study!.name))
      await s.close()
      const file = join(dir, `report-${n}.html`)
      writeFileSync(file, html)
      const ms: number[] = []
      for (let i = 0; i < Number(values.loads); i++) {
        const page = await browser.newPage()
        const load = await openPage(page, file)
        if (load.errors.length > 0) throw new Error(`the ${n}-trial report logged errors: ${load.errors.join('; ')}`)
        ms.push(load.renderedMs)
        await page.close()
      }
      return { bytes: statSync(file).size, ms }
    }
    const base = await measure(100)
    const big = await measure(Number(values.trials))
    const line = (n: number, m: { bytes: number; ms: number[] }) =>
      `${String(n).padStart(6)} trials: ${(m.bytes / 1024 / 1024).toFixed(2)} MiB, drawn in ${Math.round(median(m.ms))} ms (median of ${m.ms.map(Math.round).join(', ')})`
    console.log(line(100, base))
    console.log(line(Number(values.trials), big))
    console.log(`ratio ${values.trials} / 100 trials: ${(median(big.ms) / median(base.ms)).toFixed(2)} (goal: drawn in under 2 s)`)
  } finally {
    await browser.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
