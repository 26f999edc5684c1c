import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Page } from 'playwright-core'
import { type Dashboard, startDashboard } from '../src/dashboard/server.js'
import { createStudy } from '../src/index.js'
import { reportHtml } from '../src/report/html/report-page.js'
import { openStorage } from '../src/storage/index.js'
import { chromiumSkipReason, launchChromium, openPage } from '../test/browser/chromium.js'
import { median } from './compare.js'

/**
 * `npm run bench -- dashboard [--trials 10000] [--loads 3] [--pg postgres://…]`: the live dashboard in headless Chromium.
 *  1. First render of a study page of N trials (default 10,000; goal <= 2 s), the median of several loads, beside a
 *     100-trial study measured in the same run.
 *  2. An update after 10 new trials: what the page fetched (trials and bytes) and its redraw time (goal <= 300 ms).
 *  3. Latency: from a trial told (and flushed) by a writer to the study list showing it (goal <= refresh + 1 s), for a
 *     lowdb store and, with --pg (or TUNEKIT_TEST_PG_URL), PostgreSQL.
 */
export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { trials: { type: 'string', default: '10000' }, loads: { type: 'string', default: '3' }, pg: { type: 'string' } },
  })
  if (chromiumSkipReason) {
    console.log(chromiumSkipReason)
    return
  }
  const n = Number(values.trials)
  const loads = Number(values.loads)
  const pg = values.pg ?? process.env.TUNEKIT_TEST_PG_URL
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-bench-dashboard-'))
  const browser = await launchChromium()
  const dashboards: Dashboard[] = []
  try {
    const small = join(dir, 'small.json')
    const big = join(dir, 'big.json')
    writeStore(small, 'small', 100)
    writeStore(big, 'big', n)
    const d = await startDashboard({ stores: [small, big], port: 0, refreshSeconds: 1 })
    dashboards.push(d)
    const base = `http://127.0.0.1:${d.port}`
    const timings = new Map<string, [string, number][]>()
    const firstRender = async (key: string): Promise<number[]> => {
      const ms: number[] = []
      for (let i = 0; i < loads; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
        await page.goto(`${base}/studies/${key}`)
        await page.waitForSelector('body[data-rendered]', { state: 'attached', timeout: 60_000 })
        ms.push(await page.evaluate(() => (globalThis as unknown as { __tunekitRenderedAt: number }).__tunekitRenderedAt))
        // Where the time of the last load went: the page's own timings (fetches, columns, each chart, done).
        if (i === loads - 1) timings.set(key, await page.evaluate(() => (globalThis as unknown as { TK: { timings: [string, number][] } }).TK.timings))
        await page.close()
      }
      return ms
    }
    // The baseline: the static HTML report of the same 100 trials, opened from a file in the same browser.
    const reportMs: number[] = []
    {
      const st = await openStorage(small, { readonly: true })
      const [study] = await st.listStudies()
      const file = join(dir, 'small.html')
      writeFileSync(file, reportHtml(study!, await st.getTrials(study!.name)))
      await st.close()
      for (let i = 0; i < loads; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
        reportMs.push((await openPage(page, file)).renderedMs)
        await page.close()
      }
    }
    const smallMs = await firstRender('small')
    const bigMs = await firstRender('big')
    const fmt = (ms: number[]) => `${Math.round(median(ms))} ms (median of ${ms.map(Math.round).join(', ')})`
    console.log(`baseline, the static HTML report of 100 trials: ${fmt(reportMs)}`)
    console.log(`first render, 100 trials: ${fmt(smallMs)}; ratio to the baseline ${(median(smallMs) / median(reportMs)).toFixed(2)}`)
    console.log(
      `first render, ${n} trials: ${fmt(bigMs)}; ratio to 100 trials ${(median(bigMs) / median(smallMs)).toFixed(2)}, ` +
        `to the baseline ${(median(bigMs) / median(reportMs)).toFixed(2)} (goal <= 2000 ms)`,
    )
    console.log(`  where the last load of ${n} went (ms): ${(timings.get('big') ?? []).map(([k, v]) => `${k} ${v}`).join(', ')}`)

    // Updates: 10 more trials written to the store (as a writer would: the whole file replaced by a rename).
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${base}/studies/big`)
    await page.waitForSelector('body[data-rendered]', { state: 'attached', timeout: 60_000 })
    const updates: [number, number, number][] = []
    let total = n
    for (let k = 0; k < loads; k++) {
      const seen = await updateCount(page)
      total += 10
      writeStore(big, 'big', total)
      // The update that brought the new trials (not a redraw of importances only).
      await page.waitForFunction(
        (c) => ((globalThis as unknown as { __tunekitUpdates: [number][] }).__tunekitUpdates ?? []).slice(c).some((u) => u[0] > 0),
        seen,
        {
          timeout: 30_000,
          polling: 50,
        },
      )
      updates.push(
        await page.evaluate(
          (c) => (globalThis as unknown as { __tunekitUpdates: [number, number, number][] }).__tunekitUpdates.slice(c).find((u) => u[0] > 0)!,
          seen,
        ),
      )
    }
    await page.close()
    console.log(
      `update after 10 new trials: received ${updates.map((u) => u[0]).join(', ')} trials (${updates.map((u) => `${(u[1] / 1024).toFixed(1)} KiB`).join(', ')}), ` +
        `redrawn in ${fmt(updates.map((u) => u[2]))} (goal <= 300 ms, only the new trials sent)`,
    )

    // Latency from a told trial to the page, refresh 2 s.
    const latency = async (storage: string, label: string): Promise<void> => {
      const name = `latency-${Date.now()}`
      const study = await createStudy({
        name,
        storage,
        strategy: { name: 'random', seed: 1 },
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      })
      try {
        await study.optimize((p) => Number(p.x), { trials: 3 })
        await study.flush?.()
        const live = await startDashboard({ stores: [storage], port: 0, refreshSeconds: 2 })
        dashboards.push(live)
        const p = await browser.newPage()
        await p.goto(`http://127.0.0.1:${live.port}/`)
        const cell = p.locator(`tr[data-study="${name}"] [data-testid="trial-count"]`)
        await cell.waitFor({ timeout: 30_000 })
        const ms: number[] = []
        for (let k = 0; k < loads; k++) {
          const want = String(4 + k)
          // Told at a random point of the refresh cycle, as a real trial would finish.
          await new Promise((r) => setTimeout(r, Math.random() * 2000))
          await study.optimize((x) => Number(x.x), { trials: 1 })
          await study.flush?.()
          const told = Date.now()
          await p.waitForFunction(
            ([sel, w]) =>
              (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector(sel!)
                ?.textContent === w,
            [`tr[data-study="${name}"] [data-testid="trial-count"]`, want] as const,
            { timeout: 30_000, polling: 20 },
          )
          ms.push(Date.now() - told)
        }
        await p.close()
        console.log(`${label}: a finished trial shown after ${fmt(ms)}, max ${Math.max(...ms)} ms (goal <= 3000 ms: refresh 2 s + 1 s)`)
      } finally {
        await study.close()
      }
    }
    await latency(join(dir, 'latency.json'), 'lowdb')
    if (pg) await latency(pg, 'PostgreSQL')
    else console.log('PostgreSQL: skipped (give --pg postgres://… or set TUNEKIT_TEST_PG_URL)')
  } finally {
    for (const d of dashboards) await d.close()
    await browser.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function updateCount(page: Page): Promise<number> {
  return page.evaluate(() => ((globalThis as unknown as { __tunekitUpdates?: unknown[] }).__tunekitUpdates ?? []).length)
}

/** A lowdb store of `n` trials written at once (5 parameters, 10 steps each, some pruned and failed), replaced by a rename. */
export function writeStore(path: string, name: string, n: number): void {
  const study = {
    name,
    direction: 'minimize',
    metric: 'loss',
    strategy: { name: 'random', seed: 1 },
    space: {
      parameters: {
        x: { type: 'float', low: -5, high: 5 },
        lr: { type: 'float', low: 1e-5, high: 1, log: true },
        layers: { type: 'int', low: 1, high: 6 },
        optimizer: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
        momentum: { type: 'float', low: 0, high: 0.99 },
      },
    },
    seed: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
  }
  let s = 12345
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
  const trials = Array.from({ length: n }, (_, i) => {
    const p = {
      x: -5 + 10 * rnd(),
      lr: 10 ** (-5 + 5 * rnd()),
      layers: 1 + Math.floor(6 * rnd()),
      optimizer: ['sgd', 'adam', 'rmsprop'][i % 3]!,
      momentum: rnd(),
    }
    const loss = (Math.log10(p.lr) + 3) ** 2 + 0.05 * p.x ** 2 + (p.momentum - 0.9) ** 2
    const fail = i % 17 === 5
    const pruned = !fail && i % 7 === 3
    return {
      number: i,
      state: fail ? 'fail' : pruned ? 'pruned' : 'complete',
      params: p,
      value: fail ? null : loss,
      metrics: fail ? {} : { loss, accuracy: 1 / (1 + loss) },
      intermediate: fail ? [] : Array.from({ length: 10 }, (_, k) => ({ step: k, value: loss + 2 / (k + 1) })),
      startedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      finishedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000 + 900).toISOString(),
      durationMs: 900,
      seed: i,
      strategy: 'random',
      error: fail ? { reason: 'diverged', message: 'loss became NaN' } : null,
    }
  })
  const tmp = `${path}.tmp`
  writeFileSync(tmp, JSON.stringify({ version: 1, studies: [{ study, trials }] }))
  renameSync(tmp, path)
}
