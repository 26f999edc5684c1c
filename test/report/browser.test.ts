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
import { buildDemoStore, HOSTILE, hostileStore } from './helpers.js'

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
      // history, importance, 5 slices, parallel coordinates, intermediate values
      expect(charts.map((c) => c.kind).sort()).toEqual(['history', 'importance', 'intermediate', 'parallel', 'slice', 'slice', 'slice', 'slice', 'slice'])
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
