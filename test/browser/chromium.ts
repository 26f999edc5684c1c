/**
 * Opens pages in a real headless Chromium (Debian's `chromium` package), driven by playwright-core.
 * When the browser is missing, `chromiumSkipReason` says why, and the browser tests skip with that reason printed.
 * Install it with: apt-get update && apt-get install -y chromium
 */
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.TUNEKIT_CHROMIUM ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Why the browser tests cannot run here, or undefined when they can. */
export const chromiumSkipReason: string | undefined = existsSync(CHROMIUM_PATH)
  ? undefined
  : `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get update && apt-get install -y chromium, or set TUNEKIT_CHROMIUM)`

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** What a page did while it loaded: errors it logged or threw, and any request beyond its own file. */
export interface PageLoad {
  readonly errors: string[]
  readonly requests: string[]
  /** Milliseconds from navigation start until the page said every chart and table was in place. */
  readonly renderedMs: number
}

/**
 * Opens a local HTML file and waits until it has drawn everything (it sets body[data-rendered]).
 * Errors are console errors (which include Content-Security-Policy violations) and uncaught exceptions.
 */
export async function openPage(page: Page, file: string): Promise<PageLoad> {
  const errors: string[] = []
  const requests: string[] = []
  const url = pathToFileURL(file).href
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url())
  })
  await page.goto(url)
  await page.waitForSelector('body[data-rendered]', { state: 'attached', timeout: 15_000 })
  const renderedMs = await page.evaluate(() => (globalThis as unknown as { __tunekitRenderedAt: number }).__tunekitRenderedAt)
  return { errors, requests, renderedMs }
}

/** The little of a canvas that the pixel count needs (the test config has no DOM typings: this code runs in the page). */
interface CanvasLike {
  readonly width: number
  readonly height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { readonly data: Uint8ClampedArray } } | null
}

/** For every chart box ([data-chart]): its kind and how many pixels its canvases painted. */
export async function chartPixels(page: Page): Promise<{ kind: string; painted: number; width: number }[]> {
  return page.$$eval('[data-chart]', (boxes) =>
    boxes.map((box) => {
      let painted = 0
      let width = 0
      for (const canvas of Array.from(box.querySelectorAll('canvas')) as unknown as CanvasLike[]) {
        width = Math.max(width, canvas.width)
        const ctx = canvas.getContext('2d')
        if (!ctx || canvas.width === 0 || canvas.height === 0) continue
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++
      }
      return { kind: box.getAttribute('data-chart') ?? '?', painted, width }
    }),
  )
}

/** The text of one column of a table, top to bottom, as far as its rows are in the document (long tables show a window). */
export async function columnText(page: Page, table: string, column: number): Promise<string[]> {
  return page.$$eval(`${table} tbody tr:not(.spacer)`, (rows, c) => rows.map((r) => r.children[c]?.textContent ?? ''), column)
}
