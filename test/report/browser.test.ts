/**
 * The HTML report and comparison in a real headless Chromium: every chart draws, nothing logs an error or touches
 * the network, the table sorts, hostile store strings stay text, and a 1,000-trial report is small and quick.
 * Skips (saying why) where /usr/bin/chromium is missing.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudy, openStorage } from '../../src/index.js'
import { compareExperiments, type CompareInput } from '../../src/report/compare.js'
import { compareHtml } from '../../src/report/html/compare-page.js'
import { reportHtml } from '../../src/report/html/report-page.js'
import { chartPixels, chromiumSkipReason, columnText, launchChromium, openPage } from '../browser/chromium.js'
import { buildDemoStore, firstSweepStore, HOSTILE, hostileStore } from './helpers.js'

if (chromiumSkipReason) console.warn(chromiumSkipReason)

/** What the page-side callbacks below use of the DOM (the test config has no DOM typings; they run in the page). */
declare const document: {
  readonly title: string
  readonly body: { readonly innerText: string }
  querySelectorAll(selector: string): { readonly length: number }
}

const dir = mkdtempSync(join(tmpdir(), 'tunekit-browser-'))
let browser: Browser

async function readStore(path: string): Promise<CompareInput[]> {
  const storage = await openStorage(path, { readonly: true })
  try {
    const out: CompareInput[] = []
    for (const study of await storage.listStudies()) out.push({ location: path, study, trials: await storage.getTrials(study.name) })
    return out
  } finally {
    await storage.close()
  }
}

async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  try {
    return await fn(page)
  } finally {
    await page.close()
  }
}

function write(name: string, html: string): string {
  const file = join(dir, name)
  writeFileSync(file, html)
  return file
}

/** Every chart box has a canvas with a good share of painted pixels. */
function expectAllDrawn(charts: { kind: string; painted: number; width: number }[]): void {
  for (const c of charts) {
    expect(c.width, `${c.kind} has a canvas`).toBeGreaterThan(100)
    expect(c.painted, `${c.kind} painted pixels`).toBeGreaterThan(2000)
  }
}

describe.skipIf(chromiumSkipReason !== undefined)('HTML pages in headless Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('draws every chart of the report, logs no error, needs no network, and sorts the table', async () => {
    const store = join(dir, 'demo.json')
    await buildDemoStore(store, 120)
    const [{ study, trials }] = (await readStore(store)) as [CompareInput]
    const file = write('report.html', reportHtml(study, trials))
    await withPage(async (page) => {
      const load = await openPage(page, file)
      expect(load.errors).toEqual([])
      expect(load.requests).toEqual([])
      const charts = await chartPixels(page)
      // history, importance, 5 slices, parallel coordinates, contour, EDF, timeline, intermediate values
      expect(charts.map((c) => c.kind).sort()).toEqual([
        'contour',
        'edf',
        'history',
        'importance',
        'intermediate',
        'parallel',
        'slice',
        'slice',
        'slice',
        'slice',
        'slice',
        'timeline',
      ])
      expectAllDrawn(charts)
      await expectSorts(page, '#trial-table', 'loss', 2)
      await expectSorts(page, '#trial-table', 'optimizer', 7)
      const shot = join(dir, 'report.png')
      await page.screenshot({ path: shot, fullPage: true })
      console.log(`report screenshot: ${shot}`)
    })
  })

  it('draws the Pareto front (2 objectives: a scatter; 3: a scatter matrix), infeasible trials, the hypervolume history', async () => {
    for (const m of [2, 3]) {
      const study = await createStudy({
        name: `pareto-${m}`,
        direction: m === 2 ? ['minimize', 'maximize'] : ['minimize', 'minimize', 'minimize'],
        strategy: { name: 'random', seed: m },
        space: { parameters: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } },
      })
      await study.optimize(
        (p) => {
          const x = Number(p.x)
          const y = Number(p.y)
          const values = m === 2 ? [x, 1 - x ** 2 - 0.3 * y] : [x, y, 2 - x - y]
          return { values, constraints: [0.2 - y] }
        },
        { trials: 60 },
      )
      const html = reportHtml(study.record, study.trials)
      await study.close()
      const file = write(`pareto-${m}.html`, html)
      await withPage(async (page) => {
        const load = await openPage(page, file)
        expect(load.errors).toEqual([])
        expect(load.requests).toEqual([])
        const charts = await chartPixels(page)
        expect(charts.map((c) => c.kind)).toEqual(expect.arrayContaining(['pareto', 'hypervolume', 'history']))
        expectAllDrawn(charts.filter((c) => c.kind === 'pareto' || c.kind === 'hypervolume'))
        // biome-ignore lint/performance/useDomNodeTextContent: the text as shown (the card label is upper-cased by the style sheet)
        const text = await page.evaluate(() => document.body.innerText)
        expect(text).toMatch(/Pareto front\s+\d+ trials?/i)
        await page.screenshot({ path: join(dir, `pareto-${m}.png`), fullPage: true })
        console.log(`pareto screenshot: ${join(dir, `pareto-${m}.png`)}`)
      })
    }
  }, 120_000)

  it('draws the comparison: a band per group, the final values, and sortable tables', async () => {
    const stores: CompareInput[] = []
    for (const strategy of ['random', 'qmc']) {
      const path = join(dir, `${strategy}.json`)
      for (let seed = 1; seed <= 3; seed++) {
        const study = await createStudy({
          name: `${strategy}-${seed}`,
          storage: path,
          strategy: { name: strategy, seed },
          space: { parameters: { x: { type: 'float', low: -2, high: 2 }, y: { type: 'float', low: -2, high: 2 } } },
        })
        await study.optimize((p) => (Number(p.x) - 0.3) ** 2 + (Number(p.y) + 0.5) ** 2, { trials: 25 })
        await study.close()
      }
      stores.push(...(await readStore(path)))
    }
    const file = write('compare.html', compareHtml(compareExperiments(stores)))
    await withPage(async (page) => {
      const load = await openPage(page, file)
      expect(load.errors).toEqual([])
      expect(load.requests).toEqual([])
      const charts = await chartPixels(page)
      expect(charts.map((c) => c.kind)).toEqual(['bands', 'final'])
      expectAllDrawn(charts)
      await expectSorts(page, '#experiment-table', 'best', 3)
      const shot = join(dir, 'compare.png')
      await page.screenshot({ path: shot, fullPage: true })
      console.log(`comparison screenshot: ${shot}`)
    })
  })

  it('shows hostile names and values as text: nothing they carry runs', async () => {
    const path = join(dir, 'hostile.json')
    writeFileSync(path, hostileStore())
    const [input] = (await readStore(path)) as [CompareInput]
    const pages = [
      write('hostile-report.html', reportHtml(input.study, input.trials)),
      write('hostile-compare.html', compareHtml(compareExperiments([input, { ...input, location: 'copy.json' }], { groupBy: 'name' }))),
    ]
    for (const file of pages) {
      await withPage(async (page) => {
        const load = await openPage(page, file)
        expect(load.errors).toEqual([])
        expect(load.requests).toEqual([])
        const seen = await page.evaluate(() => ({
          pwned: (globalThis as unknown as { __pwned?: unknown }).__pwned,
          title: document.title,
          images: document.querySelectorAll('img, svg').length,
          scripts: document.querySelectorAll('script').length,
          // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (textContent would include the inline data)
          text: document.body.innerText,
        }))
        expect(seen.pwned).toBeUndefined()
        expect(seen.title).not.toBe('pwned')
        expect(seen.images).toBe(0)
        expect(seen.scripts).toBe(5)
        expect(seen.text).toContain(HOSTILE.study)
        if (file.endsWith('hostile-report.html')) {
          expect(seen.title).toBe(`${HOSTILE.study} · tunekit report`)
          expect(seen.text).toContain(HOSTILE.param)
          expect(seen.text).toContain(HOSTILE.choice)
          expect(seen.text).toContain(HOSTILE.error)
        }
        expectAllDrawn(await chartPixels(page))
        // Tooltips are the one place ECharts takes markup: hover every chart and check again.
        for (const box of await page.$$('[data-chart]')) {
          const b = await box.boundingBox()
          if (b)
            for (const [fx, fy] of [
              [0.3, 0.5],
              [0.5, 0.5],
              [0.7, 0.4],
            ] as const)
              await page.mouse.move(b.x + b.width * fx, b.y + b.height * fy)
        }
        expect(
          await page.evaluate(() => [(globalThis as unknown as { __pwned?: unknown }).__pwned, document.querySelectorAll('img, svg').length, document.title]),
        ).toEqual([undefined, 0, seen.title])
      })
    }
  })

  it("fixes what a new user's first sweep showed: one-step curves, colour precision, axes, constants, errors, filters", async () => {
    const path = join(dir, 'first.json')
    writeFileSync(path, firstSweepStore(24))
    const [{ study, trials }] = (await readStore(path)) as [CompareInput]
    const file = write('first.html', reportHtml(study, trials))
    await withPage(async (page) => {
      const load = await openPage(page, file)
      // A trial with exactly one intermediate point used to crash the intermediate chart.
      expect(load.errors).toEqual([])
      expectAllDrawn(await chartPixels(page))
      const option = (id: string) =>
        page.evaluate((i) => {
          const box = (globalThis as unknown as { document: { getElementById(x: string): unknown } }).document.getElementById(i)
          const e = (globalThis as unknown as { echarts: { getInstanceByDom(b: unknown): { getOption(): Record<string, unknown[]> } } }).echarts
          return e.getInstanceByDom(box).getOption()
        }, id)
      const parallel = await option('chart-parallel')
      expect((parallel.visualMap![0] as { precision: number }).precision).toBeGreaterThanOrEqual(3) // 0.930 … 0.978, not 1 … 1
      const history = await option('chart-history')
      expect((history.xAxis![0] as { max: number }).max).toBe(23) // ends at the last trial
      expect((history.yAxis![0] as { type: string }).type).toBe('value')
      await page.locator('#control-log').check()
      expect(((await option('chart-history')).yAxis![0] as { type: string }).type).toBe('log')
      expect(((await option('chart-intermediate')).yAxis![0] as { type: string }).type).toBe('log')
      expect(await page.locator('#section-history .muted').textContent()).toContain('pruned trials at their last reported value')
      // The constant is said once above the table, not repeated in a column.
      const headers = await page.locator('#trial-table th').allTextContents()
      expect(headers).not.toContain('batch')
      expect(headers).toContain('learning_rate')
      expect(await page.locator('#trial-constants').textContent()).toContain('batch = 32')
      const errors = (await columnText(page, '#trial-table', headers.indexOf('error'))).filter((e) => e !== '')
      expect(errors[0]).toBe('training diverged: loss is NaN')
      // Filters apply to every view: the best 3, then no pruned ones.
      await page.locator('#control-best').fill('3')
      expect(await page.locator('#trial-table tbody tr').count()).toBe(3)
      expect(await page.locator('#filter-shown').textContent()).toBe('3 of 24 trials shown')
      const best3 = (await option('chart-history')).series!.map((s) => (s as { data: unknown[] }).data.length)
      expect(best3[0]).toBe(3)
      await page.locator('#control-best').fill('')
      await page.locator('#control-hide-pruned').check()
      const pruned = trials.filter((t) => t.state === 'pruned').length
      expect(pruned).toBeGreaterThan(0)
      expect(await page.locator('#trial-table tbody tr').count()).toBe(24 - pruned)
      expect(((await option('chart-history')).series![1] as { data: unknown[] }).data).toHaveLength(0)
      expect(load.errors).toEqual([])
    })
  })

  it('follows the system dark theme: dark page and charts, still every chart drawn', async () => {
    const path = join(dir, 'dark.json')
    writeFileSync(path, firstSweepStore(24))
    const [{ study, trials }] = (await readStore(path)) as [CompareInput]
    const file = write('dark.html', reportHtml(study, trials))
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' })
    try {
      const load = await openPage(page, file)
      expect(load.errors).toEqual([])
      const seen = await page.evaluate(() => {
        const g = globalThis as unknown as { TK: { dark: boolean }; getComputedStyle(e: unknown): { backgroundColor: string }; document: { body: unknown } }
        return { dark: g.TK.dark, background: g.getComputedStyle(g.document.body).backgroundColor }
      })
      expect(seen.dark).toBe(true)
      expect(seen.background).toBe('rgb(13, 17, 23)')
      expectAllDrawn(await chartPixels(page))
    } finally {
      await page.close()
    }
  })

  it('reports 1,000 trials in under 2 MB, every chart drawn and the table windowed (its load time: npm run bench -- report)', async () => {
    const store = join(dir, 'big.json')
    await buildDemoStore(store, 1000)
    const [{ study, trials }] = (await readStore(store)) as [CompareInput]
    const file = write('big.html', reportHtml(study, trials))
    expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024)
    await withPage(async (page) => {
      const load = await openPage(page, file)
      expect(load.errors).toEqual([])
      expectAllDrawn(await chartPixels(page))
      // A thousand rows show as a window that scrolls; sorting still orders them all.
      expect(await page.locator('#trial-table tbody tr:not(.spacer)').count()).toBeLessThan(200)
      await expectSorts(page, '#trial-table', 'loss', 2)
      const best = Math.min(...trials.filter((t) => t.state === 'complete').map((t) => t.value!))
      await page.locator('#trial-table th button', { hasText: /^loss$/ }).click()
      expect(Number((await columnText(page, '#trial-table', 2))[0])).toBeCloseTo(best, 4)
    })
  })
})

/** Clicks a column header: the column must read ascending (empty cells last), then descending on a second click. */
async function expectSorts(page: Page, table: string, header: string, column: number): Promise<void> {
  const button = page.locator(`${table} th button`, { hasText: new RegExp(`^${header}$`) })
  for (const direction of ['ascending', 'descending'] as const) {
    await button.click()
    await expect.poll(() => button.locator('xpath=..').getAttribute('aria-sort')).toBe(direction)
    const cells = await columnText(page, table, column)
    const filled = cells.filter((c) => c !== '')
    expect(
      cells.slice(filled.length).every((c) => c === ''),
      'empty cells last',
    ).toBe(true)
    const numeric = filled.every((c) => c !== '' && !Number.isNaN(Number(c)))
    const sorted = [...filled].sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b, undefined, { numeric: true })))
    expect(filled).toEqual(direction === 'ascending' ? sorted : sorted.reverse())
    expect(new Set(filled).size, `${header} has several values`).toBeGreaterThan(1)
  }
}
