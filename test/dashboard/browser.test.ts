/**
 * The dashboard in a real headless Chromium, against a sweep running in another process (`tunekit run --dashboard`):
 * the study list's count grows without a reload, the study page updates in place, the trial page shows a command
 * trainer's log tail; hostile store strings stay inert on every page. Skips where /usr/bin/chromium is missing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js'
import { createStudy } from '../../src/study/index.js'
import { chartPixels, chromiumSkipReason, launchChromium } from '../browser/chromium.js'
import { HOSTILE, hostileStore } from '../report/helpers.js'
import { commandExperiment, runInChild, until } from './helpers.js'

if (chromiumSkipReason) console.warn(chromiumSkipReason)

declare const document: {
  readonly title: string
  readonly body: { readonly innerText: string }
  querySelectorAll(selector: string): { readonly length: number }
}

const dir = mkdtempSync(join(tmpdir(), 'tunekit-dashboard-browser-'))
let browser: Browser

/** A page that records what it logged and every request it made. */
async function watched(): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const errors: string[] = []
  const requests: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('request', (r) => requests.push(r.url()))
  return { page, errors, requests }
}

describe.skipIf(chromiumSkipReason !== undefined)('the dashboard in headless Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('follows a sweep running in another process: the count grows without a reload, the trial page shows the log tail', async () => {
    const store = join(dir, 'live.json')
    const file = commandExperiment(dir, { trials: 14, store })
    const run = runInChild(file, ['--dashboard', '--port', '0'], { DELAY_MS: '100' })
    try {
      const url = await until(() => /tunekit dashboard: (http:\/\/\S+)/.exec(run.output())?.[1], 30_000, 'the dashboard address')
      const { page, errors, requests } = await watched()
      await page.goto(url)
      await page.waitForSelector('body[data-rendered]', { state: 'attached' })
      await page.evaluate(() => {
        ;(globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true
      })
      const count = page.locator('tr[data-study="live"] [data-testid="trial-count"]')
      const first = Number(await until(async () => ((await count.count()) > 0 ? await count.textContent() : undefined), 20_000, 'the study row'))
      await until(async () => (Number(await count.textContent()) >= first + 3 ? true : undefined), 30_000, 'three more finished trials')
      expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true) // no reload
      // The study page: its best value and charts, updated in place as trials finish.
      await page.locator('tr[data-study="live"] a').click()
      await page.waitForSelector('body[data-rendered]', { state: 'attached' })
      // The page preloads its first two API answers while its scripts load, and uses them: each is asked for once.
      for (const path of ['/api/studies/live/trials', '/api/studies/live'])
        expect(requests.filter((r) => new URL(r).pathname === path && new URL(r).search === '').length).toBe(1)
      const at = (path: string) => requests.findIndex((r) => new URL(r).pathname === path)
      expect(at('/api/studies/live/trials')).toBeLessThan(at('/assets/dashboard/study.js'))
      const total = page.locator('[data-testid="trial-count"]')
      const before = Number(await total.textContent())
      await page.evaluate(() => {
        ;(globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true
      })
      // The reader's zoom and filters must survive the update.
      await page.locator('#control-state').selectOption('complete')
      const zoom = () =>
        page.evaluate(() => {
          const g = globalThis as unknown as {
            document: { getElementById(x: string): unknown }
            echarts: { getInstanceByDom(b: unknown): { dispatchAction(a: unknown): void; getOption(): { dataZoom: { start: number; end: number }[] } } }
          }
          const chart = g.echarts.getInstanceByDom(g.document.getElementById('chart-history'))
          const z = chart.getOption().dataZoom[0]!
          return [z.start, z.end]
        })
      await page.evaluate(() => {
        const g = globalThis as unknown as {
          document: { getElementById(x: string): unknown }
          echarts: { getInstanceByDom(b: unknown): { dispatchAction(a: unknown): void } }
        }
        g.echarts.getInstanceByDom(g.document.getElementById('chart-history')).dispatchAction({ type: 'dataZoom', start: 20, end: 60 })
      })
      expect(await zoom()).toEqual([20, 60])
      await until(async () => (Number(await total.textContent()) > before ? true : undefined), 30_000, 'the study page to update')
      expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
      expect(await zoom()).toEqual([20, 60])
      expect(await page.locator('#control-state').inputValue()).toBe('complete')
      const states = await page.locator('#trial-table tbody td:nth-child(2)').allTextContents()
      expect(states.length).toBeGreaterThan(0)
      expect(new Set(states)).toEqual(new Set(['complete']))
      expect(Number(await page.locator('[data-testid="best-value"]').textContent())).toBeLessThan(1)
      const charts = await chartPixels(page)
      expect(charts.find((c) => c.kind === 'history')!.painted).toBeGreaterThan(2000)
      // Wait for a failed trial (x > 0.7 exits 3 with a traceback on stderr) and open its page.
      const failed = await until(
        async () => {
          const r = await fetch(new URL('/api/studies/live/trials', url))
          const body = (await r.json()) as { trials: { number: number; state: string }[] }
          return body.trials.find((t) => t.state === 'fail')?.number
        },
        40_000,
        'a failed trial',
      )
      await page.goto(new URL(`/studies/live/trials/${failed}`, url).href)
      await page.waitForSelector('body[data-rendered]', { state: 'attached' })
      expect(await page.locator('[data-testid="stderr-tail"]').textContent()).toMatch(/TrainerBlewUp: x=0\.\d+ is too large/)
      expect(await page.locator('[data-testid="stdout-tail"]').textContent()).toContain('epoch 3 done')
      expect(await page.locator('[data-testid="trial-error"]').textContent()).toContain('exit code 3')
      expect(errors).toEqual([])
      const origin = new URL(url).origin
      expect(requests.filter((r) => !r.startsWith(origin))).toEqual([])
      await page.close()
    } finally {
      if (run.child.exitCode === null) {
        run.child.kill('SIGINT')
        await new Promise((r) => run.child.once('exit', r))
      }
    }
  }, 120_000)

  it('keeps hostile strings inert: a categorical choice, a metric name and an error stored in the store', async () => {
    const store = join(dir, 'hostile.json')
    writeFileSync(store, hostileStore())
    const d: Dashboard = await startDashboard({ stores: [store], port: 0, refreshSeconds: 0.2 })
    try {
      const key = encodeURIComponent(HOSTILE.study)
      for (const path of ['/', `/studies/${key}`, `/studies/${key}/trials/4`, `/studies/${key}/trials/0`, `/compare?studies=${key}`]) {
        const { page, errors } = await watched()
        await page.goto(`http://127.0.0.1:${d.port}${path}`)
        await page.waitForSelector('body[data-rendered]', { state: 'attached' })
        // Hover the charts of the study page: tooltips are where ECharts takes markup.
        if (path === `/studies/${key}`)
          for (const box of await page.$$('[data-chart]')) {
            const b = await box.boundingBox()
            if (b) await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.5)
          }
        const seen = await page.evaluate(() => ({
          pwned: (globalThis as unknown as { __pwned?: unknown }).__pwned,
          title: document.title,
          images: document.querySelectorAll('img, svg').length,
          // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
          text: document.body.innerText,
        }))
        expect(seen.pwned, path).toBeUndefined()
        expect(seen.title, path).not.toBe('pwned')
        expect(seen.images, path).toBe(0)
        expect(seen.text, path).toContain(HOSTILE.study)
        if (path === `/studies/${key}`) {
          expect(seen.text).toContain(HOSTILE.choice)
          expect(seen.text).toContain(HOSTILE.metric)
        }
        if (path.endsWith('/trials/4')) expect(seen.text).toContain(HOSTILE.error)
        expect(errors, path).toEqual([])
        await page.close()
      }
    } finally {
      await d.close()
    }
  }, 60_000)
  it('draws a multi-objective study’s Pareto front and hypervolume history, and updates them in place', async () => {
    const store = join(dir, 'pareto.json')
    const sweep = async (trials: number) => {
      const study = await createStudy({
        name: 'pareto',
        storage: store,
        direction: ['minimize', 'maximize'],
        strategy: { name: 'random', seed: 5 },
        space: { parameters: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } },
      })
      await study.optimize((p) => ({ values: [p.x, 1 - p.x ** 2 - 0.3 * p.y], constraints: [0.2 - p.y] }), { trials })
      await study.close()
    }
    await sweep(30)
    const d: Dashboard = await startDashboard({ stores: [store], port: 0, refreshSeconds: 0.3 })
    try {
      const { page, errors } = await watched()
      await page.goto(`http://127.0.0.1:${d.port}/studies/pareto`)
      await page.waitForSelector('body[data-rendered]', { state: 'attached' })
      const drawn = async () => (await chartPixels(page)).filter((c) => c.kind === 'pareto' || c.kind === 'hypervolume')
      expect((await drawn()).map((c) => c.kind).sort()).toEqual(['hypervolume', 'pareto'])
      for (const c of await drawn()) expect(c.painted, c.kind).toBeGreaterThan(500)
      const points = () =>
        page.evaluate(() => {
          const g = globalThis as unknown as {
            document: { getElementById(x: string): unknown }
            echarts: { getInstanceByDom(b: unknown): { getOption(): { series: { name: string; data: unknown[] }[] } } }
          }
          const s = g.echarts.getInstanceByDom(g.document.getElementById('chart-pareto')).getOption().series
          return s.filter((x) => x.name !== 'front line').reduce((n, x) => n + x.data.length, 0)
        })
      expect(await points()).toBe(30)
      // The objectives in the header, the front's size in the best card, the second objective as a table column.
      expect(await page.locator('header').textContent()).toContain('minimize value0, maximize value1')
      expect(await page.locator('[data-testid="best-value"]').textContent()).toMatch(/^\d+ trials?$/)
      expect(await page.locator('#trial-table thead').textContent()).toContain('value1')
      await page.evaluate(() => {
        ;(globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true
      })
      await sweep(10)
      await until(async () => ((await points()) === 40 ? true : undefined), 20_000, 'the front to show 40 trials')
      expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
      expect(errors).toEqual([])
      await page.close()
    } finally {
      await d.close()
    }
  }, 60_000)
})
