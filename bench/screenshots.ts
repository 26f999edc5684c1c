/**
 * `npm run screenshots`: the README's pictures of the dashboard (docs/dashboard-list.png, docs/dashboard-study.png),
 * taken in headless Chromium from stores made here: the report's demo study and two sweeps of a 2-D function.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDashboard } from '../src/dashboard/server.js'
import { createStudy } from '../src/index.js'
import { chromiumSkipReason, launchChromium } from '../test/browser/chromium.js'
import { buildDemoStore } from '../test/report/helpers.js'

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url))

async function main(): Promise<void> {
  if (chromiumSkipReason) throw new Error(chromiumSkipReason)
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-screenshots-'))
  try {
    await buildDemoStore(join(dir, 'demo.json'), 150, { name: 'mlp-digits' })
    for (const strategy of ['random', 'tpe']) {
      const study = await createStudy({
        name: `branin-${strategy}`,
        storage: join(dir, `branin-${strategy}.json`),
        strategy: { name: strategy, seed: 2 },
        space: { parameters: { x: { type: 'float', low: -5, high: 10 }, y: { type: 'float', low: 0, high: 15 } } },
      })
      await study.optimize(
        (p) => {
          const x = Number(p.x)
          const y = Number(p.y)
          return (y - (5.1 / (4 * Math.PI ** 2)) * x ** 2 + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10
        },
        { trials: 60 },
      )
      await study.close()
    }
    process.chdir(dir) // the list shows the stores as named: demo.json, not a temporary path
    const d = await startDashboard({ stores: ['.'], port: 0 })
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 420 } })
      await page.goto(`http://127.0.0.1:${d.port}/`)
      await page.waitForSelector('body[data-rendered]', { state: 'attached' })
      await page.screenshot({ path: join(DOCS, 'dashboard-list.png') })
      await page.setViewportSize({ width: 1280, height: 1500 })
      await page.goto(`http://127.0.0.1:${d.port}/studies/mlp-digits`)
      await page.waitForSelector('body[data-rendered]', { state: 'attached' })
      await new Promise((r) => setTimeout(r, 2500)) // the importances arrive with the next poll
      await page.screenshot({ path: join(DOCS, 'dashboard-study.png') })
      console.log(`wrote ${join(DOCS, 'dashboard-list.png')} and dashboard-study.png`)
    } finally {
      await browser.close()
      await d.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
