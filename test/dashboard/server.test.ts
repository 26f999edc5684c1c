/**
 * The dashboard's server without a browser: the JSON API and its cursors, incremental reads of a store another
 * writer is filling, the security rules (Host, token, no CORS, CSP), and a store that turns corrupt or disappears.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js'
import { createStudy } from '../../src/index.js'
import { HOSTILE, hostileStore } from '../report/helpers.js'
import { getWithHost } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'tunekit-dashboard-'))
const open: Dashboard[] = []
afterAll(async () => {
  for (const d of open) await d.close()
  rmSync(dir, { recursive: true, force: true })
})

async function start(stores: string[], options: { host?: string; token?: string } = {}): Promise<Dashboard> {
  const d = await startDashboard({ stores, port: 0, refreshSeconds: 0.1, ...options })
  open.push(d)
  return d
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field below
async function get(d: Dashboard, path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(`http://127.0.0.1:${d.port}${path}`, init)
  const text = await r.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: r.status, body, headers: r.headers }
}

const space = { parameters: { x: { type: 'float' as const, low: 0, high: 1 } } }

describe('the dashboard API', () => {
  it('lists studies, then sends only the trials new since a cursor as another writer adds them', async () => {
    const store = join(dir, 'growing.json')
    const study = await createStudy({ name: 'growing', storage: store, strategy: { name: 'random', seed: 1 }, space })
    try {
      await study.optimize((p) => Number(p.x), { trials: 5 })
      await study.flush?.()
      const d = await start([store])
      const list = await get(d, '/api/studies')
      expect(list.status).toBe(200)
      expect(list.body.studies).toMatchObject([{ key: 'growing', finished: 5, trials: 5, direction: 'minimize', metric: 'value' }])
      expect(list.headers.get('access-control-allow-origin')).toBeNull()
      const first = await get(d, '/api/studies/growing/trials')
      expect(first.body.reset).toBe(true)
      expect(first.body.trials.map((t: { number: number }) => t.number)).toEqual([0, 1, 2, 3, 4])
      const none = await get(d, `/api/studies/growing/trials?after=${encodeURIComponent(first.body.cursor)}`)
      expect(none.body).toMatchObject({ reset: false, trials: [] })
      await study.optimize((p) => Number(p.x), { trials: 3 })
      await new Promise((r) => setTimeout(r, 400))
      const next = await get(d, `/api/studies/growing/trials?after=${encodeURIComponent(first.body.cursor)}`)
      expect(next.body.reset).toBe(false)
      expect(next.body.trials.map((t: { number: number }) => t.number)).toEqual([5, 6, 7])
      const detail = await get(d, '/api/studies/growing')
      expect(detail.body).toMatchObject({ key: 'growing', finished: 8, params: [{ name: 'x', axis: 'linear' }] })
      expect(detail.body.best).toBe(Math.min(...first.body.trials.concat(next.body.trials).map((t: { value: number }) => t.value)))
      const one = await get(d, '/api/studies/growing/trials/6')
      expect(one.body.trial).toMatchObject({ number: 6, state: 'complete' })
      expect((await get(d, '/api/studies/growing/trials/99')).status).toBe(404)
      expect((await get(d, '/api/studies/nope')).status).toBe(404)
      // A cursor of another epoch (a restarted server) is answered with everything.
      expect((await get(d, '/api/studies/growing/trials?after=old.3')).body.reset).toBe(true)
    } finally {
      await study.close()
    }
  })

  it('never writes: only GET, and the store file is never rewritten by it', async () => {
    const store = join(dir, 'hostile.json')
    writeFileSync(store, hostileStore())
    const d = await start([store])
    const r = await get(d, '/api/studies', { method: 'POST' })
    expect(r.status).toBe(405)
    const { readFileSync } = await import('node:fs')
    expect(readFileSync(store, 'utf8')).toBe(hostileStore())
  })
})

describe('the dashboard security', () => {
  it('refuses a foreign Host header (DNS rebinding) and serves pages with a strict CSP', async () => {
    const store = join(dir, 'hostile.json')
    writeFileSync(store, hostileStore())
    const d = await start([store])
    expect(await getWithHost(`http://127.0.0.1:${d.port}/api/studies`, 'evil.example:80')).toBe(403)
    expect(await getWithHost(`http://127.0.0.1:${d.port}/`, `attacker.test:${d.port}`)).toBe(403)
    expect(await getWithHost(`http://127.0.0.1:${d.port}/`, `localhost:${d.port}`)).toBe(200)
    const page = await get(d, `/studies/${encodeURIComponent(HOSTILE.study)}`)
    expect(page.status).toBe(200)
    const csp = page.headers.get('content-security-policy')!
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    for (const s of Object.values(HOSTILE)) expect(page.body).not.toContain(s)
    // The only scripts are the server's files.
    expect((page.body as string).match(/<script\b[^>]*>/g)!.filter((t) => !/src="\/assets\//.test(t) && !/application\/json/.test(t))).toEqual([])
  })

  it('needs the token on every request when it listens beyond loopback', async () => {
    const store = join(dir, 'hostile.json')
    writeFileSync(store, hostileStore())
    const d = await start([store], { host: '127.0.0.2' })
    expect(d.token).toMatch(/^[\w-]{20,}$/)
    expect(d.url).toContain(`?token=${d.token}`)
    const base = `http://127.0.0.2:${d.port}`
    expect((await fetch(`${base}/api/studies`)).status).toBe(401)
    expect((await fetch(`${base}/assets/echarts.min.js`)).status).toBe(401)
    expect((await fetch(`${base}/api/studies`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401)
    expect((await fetch(`${base}/api/studies`, { headers: { Authorization: `Bearer ${d.token}` } })).status).toBe(200)
    const login = await fetch(`${base}/?token=${d.token}`, { redirect: 'manual' })
    expect(login.status).toBe(303)
    const cookie = login.headers.get('set-cookie')!
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    expect((await fetch(`${base}/api/studies`, { headers: { Cookie: cookie.split(';')[0]! } })).status).toBe(200)
    expect(await getWithHost(`${base}/api/studies`, `127.0.0.1:${d.port}`)).toBe(403)
  })

  it('shows a store that turns corrupt or disappears as an error on its study while the others keep serving', async () => {
    const good = join(dir, 'good.json')
    const bad = join(dir, 'bad.json')
    const a = await createStudy({ name: 'good', storage: good, strategy: { name: 'random', seed: 1 }, space })
    await a.optimize((p) => Number(p.x), { trials: 3 })
    await a.close()
    const b = await createStudy({ name: 'bad', storage: bad, strategy: { name: 'random', seed: 2 }, space })
    await b.optimize((p) => Number(p.x), { trials: 3 })
    await b.close()
    const d = await start([good, bad])
    expect((await get(d, '/api/studies')).body.studies.map((s: { key: string; error: null }) => [s.key, s.error])).toEqual([
      ['good', null],
      ['bad', null],
    ])
    writeFileSync(bad, '{"version": 1, "studies": [ this is not json')
    await d.hub.refresh()
    let list = (await get(d, '/api/studies')).body
    expect(list.studies.find((s: { key: string }) => s.key === 'bad').error).toMatch(/bad\.json/)
    expect(list.studies.find((s: { key: string }) => s.key === 'good')).toMatchObject({ error: null, finished: 3 })
    const trials = (await get(d, '/api/studies/bad/trials')).body
    expect(trials.error).toMatch(/bad\.json/)
    expect(trials.trials).toHaveLength(3) // the last trials read stay
    rmSync(bad)
    await d.hub.refresh()
    list = (await get(d, '/api/studies')).body
    expect(list.studies.find((s: { key: string }) => s.key === 'bad').error).toMatch(/gone/)
    expect((await get(d, '/')).status).toBe(200)
    expect((await get(d, '/studies/good')).status).toBe(200)
  })
})

const PG = process.env.TUNEKIT_TEST_PG_URL
describe.skipIf(!PG)('the dashboard on PostgreSQL', () => {
  it('serves a study another writer is filling, sending only the new trials', async () => {
    const name = `dashboard-${process.pid}-${Date.now()}`
    const study = await createStudy({ name, storage: PG!, strategy: { name: 'random', seed: 3 }, space })
    try {
      await study.optimize((p) => Number(p.x), { trials: 4 })
      const d = await start([PG!])
      const entry = (await get(d, '/api/studies')).body.studies.find((s: { name: string }) => s.name === name)
      expect(entry).toMatchObject({ finished: 4 })
      expect(entry.location).not.toContain('@127.0.0.1:5432/postgres?') // redacted form, never a password
      const first = await get(d, `/api/studies/${encodeURIComponent(entry.key)}/trials`)
      expect(first.body.trials).toHaveLength(4)
      await study.optimize((p) => Number(p.x), { trials: 2 })
      await new Promise((r) => setTimeout(r, 300))
      const next = await get(d, `/api/studies/${encodeURIComponent(entry.key)}/trials?after=${encodeURIComponent(first.body.cursor)}`)
      expect(next.body).toMatchObject({ reset: false })
      expect(next.body.trials.map((t: { number: number }) => t.number)).toEqual([4, 5])
    } finally {
      await study.close()
    }
  })
})
