import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { compareExperiments } from '../report/compare.js'
import { echartsSource } from '../report/html/assets.js'
import { compareHtml } from '../report/html/compare-page.js'
import { importanceNote } from '../report/html/report-page.js'
import { PACKAGE_ROOT } from '../util/schemas.js'
import { studyDetail, studyEntry, trialsSince } from './api.js'
import { Hub } from './hub.js'
import { ImportanceThread } from './importance-thread.js'
import { listPage, messagePage, studyPage, trialPage } from './pages.js'

export interface DashboardOptions {
  /** Stores to serve: lowdb files, folders of them, experiment files, database URLs. */
  readonly stores: readonly string[]
  readonly host?: string
  /** 0: any free port. */
  readonly port?: number
  /** Seconds between reads of the stores (and between the pages' polls). */
  readonly refreshSeconds?: number
  /** Required on every request when given; when the host is not a loopback address one is generated if none is given. */
  readonly token?: string
}

export interface Dashboard {
  /** The address to open, with the token when there is one. */
  readonly url: string
  readonly host: string
  readonly port: number
  readonly token: string | undefined
  readonly hub: Hub
  close(): Promise<void>
}

/** An API answer reads the stores first unless they were read this recently (a few pages polling share the reads). */
const FRESH_MS = 250

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/** The browser files the pages load, and nothing else: a fixed list, never a path from the request. */
const ASSETS: Readonly<Record<string, { type: string; read: () => string }>> = {
  'echarts.min.js': { type: 'text/javascript', read: echartsSource },
  ...Object.fromEntries(
    ['report/common.js', 'report/table.js', 'report/pareto-charts.js', 'report/report-charts.js', 'report/report-views.js', 'report/page.css'].map((p) => [
      p,
      packageFile(p),
    ]),
  ),
  ...Object.fromEntries(
    ['dashboard/list.js', 'dashboard/model.js', 'dashboard/study.js', 'dashboard/trial.js', 'dashboard/dashboard.css'].map((p) => [p, packageFile(p)]),
  ),
}

function packageFile(path: string): { type: string; read: () => string } {
  let text: string | undefined
  return { type: path.endsWith('.css') ? 'text/css' : 'text/javascript', read: () => (text ??= readFileSync(new URL(`assets/${path}`, PACKAGE_ROOT), 'utf8')) }
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // ECharts and the tables set element styles from script.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Starts the live dashboard: an HTTP server (Node's own; a dozen GET routes need no framework) over a Hub that
 * re-reads the stores every refresh. Security, all in this function: it binds 127.0.0.1 unless told otherwise;
 * on any other address every request must carry the token (a query parameter once, then a same-site cookie, or an
 * Authorization: Bearer header); a request whose Host header is not the address it was sent to is refused (403),
 * which defeats DNS rebinding; no CORS header is ever sent; pages carry a Content-Security-Policy that allows only
 * the server's own scripts; and every store string is escaped in pages (pages.ts) or sent as JSON.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1'
  const refreshSeconds = options.refreshSeconds ?? 2
  const loopback = LOOPBACK.has(host)
  const token = options.token ?? (loopback ? undefined : randomBytes(18).toString('base64url'))
  const hub = new Hub(options.stores)
  const importances = new ImportanceThread()
  await hub.refresh()
  hub.start(refreshSeconds * 1000)
  let port = options.port ?? 7777
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `internal error: ${e instanceof Error ? e.message : String(e)}`)
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const allowedHosts = new Set(
    (loopback ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host]).map((h) => `${h}:${port}`.toLowerCase()),
  )
  const anyHost = host === '0.0.0.0' || host === '::'

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page of another site that resolves its own name to this address sends its own name as Host.
    if (!anyHost && !allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      send(res, 403, 'text/plain', 'forbidden: this dashboard answers only requests addressed to it by its own address')
      return
    }
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid')
    if (token !== undefined) {
      const given = url.searchParams.get('token')
      if (given !== null && same(given, token)) {
        // Once from the printed address; from then on the cookie, and the token leaves the address bar.
        url.searchParams.delete('token')
        res.setHeader('Set-Cookie', `tunekit_token=${token}; HttpOnly; SameSite=Strict; Path=/`)
        res.setHeader('Location', url.pathname + url.search)
        send(res, 303, 'text/plain', '')
        return
      }
      if (!authorised(req, token)) {
        send(res, 401, 'text/plain', 'unauthorised: open the address with the token the dashboard printed when it started')
        return
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      send(res, 405, 'text/plain', 'only GET: the dashboard never writes')
      return
    }
    const parts = url.pathname.split('/').slice(1).map(decode)
    if (parts.some((p) => p === null)) return notFound(res)
    const [a, b, c, d, e] = parts as string[]
    if (a === 'assets') {
      const asset = ASSETS[parts.slice(1).join('/')]
      if (!asset) return notFound(res)
      res.setHeader('Cache-Control', 'no-cache')
      return send(res, 200, `${asset.type}; charset=utf-8`, asset.read())
    }
    if (a === 'favicon.ico' && parts.length === 1) return send(res, 204, 'image/x-icon', '')
    if (a === 'api') {
      await hub.fresh(FRESH_MS)
      return api(res, url, parts.slice(1) as string[])
    }
    if (a === '' && parts.length === 1) return html(res, 200, listPage(refreshSeconds))
    if (a === 'studies' && b !== undefined) {
      const s = hub.study(b)
      if (!s) return html(res, 404, messagePage('No such study', `The stores hold no study "${b}".`))
      if (c === undefined) return html(res, 200, studyPage(s, refreshSeconds, studyDetail(s, importances)))
      if (c === 'trials' && d !== undefined && e === undefined) {
        const t = /^\d+$/.test(d) ? s.trial(Number(d)) : undefined
        if (!t) return html(res, 404, messagePage('No such trial', `Study "${s.study.name}" has no trial ${d}.`))
        return html(res, 200, trialPage(s, t, refreshSeconds))
      }
    }
    if (a === 'compare' && parts.length === 1) {
      const keys = url.searchParams.getAll('studies').flatMap((k) => k.split(','))
      const chosen = keys.map((k) => hub.study(k)).filter((s) => s !== undefined)
      if (chosen.length === 0) return html(res, 400, messagePage('Nothing to compare', 'Select studies on the study list first.'))
      let page: string
      try {
        page = compareHtml(compareExperiments(chosen.map((s) => ({ location: s.location, study: s.study, trials: s.trials }))))
      } catch (err) {
        return html(res, 400, messagePage('Cannot compare these studies', err instanceof Error ? err.message : String(err)))
      }
      // A self-contained page with its own nonce: its policy, as a header too, with framing forbidden.
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]
      return html(res, 200, page, meta ? `${meta}; frame-ancestors 'none'` : CSP)
    }
    return notFound(res)
  }

  function api(res: ServerResponse, url: URL, parts: readonly string[]) {
    const [a, b, c, d] = parts
    if (a !== 'studies') return notFound(res)
    if (b === undefined) return json(res, 200, { studies: hub.studies().map(studyEntry), storeErrors: hub.storeErrors(), refreshSeconds })
    const s = hub.study(b)
    if (!s) return json(res, 404, { error: `no study "${b}"` })
    if (c === undefined) {
      const detail = studyDetail(s, importances)
      return json(res, 200, { ...detail, importanceNote: importanceNote(detail.importance, detail.forest) })
    }
    if (c !== 'trials') return notFound(res)
    if (d === undefined) return json(res, 200, trialsSince(s, url.searchParams.get('after') ?? undefined))
    const t = /^\d+$/.test(d) ? s.trial(Number(d)) : undefined
    if (!t || parts.length > 4) return json(res, 404, { error: `study "${s.study.name}" has no trial ${d}` })
    return json(res, 200, { trial: t, error: s.error })
  }

  function html(res: ServerResponse, status: number, body: string, csp = CSP): void {
    res.setHeader('Content-Security-Policy', csp)
    res.setHeader('Cache-Control', 'no-store')
    send(res, status, 'text/html; charset=utf-8', body)
  }

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/${token ? `?token=${token}` : ''}`,
    host,
    port,
    token,
    hub,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await hub.close()
      await importances.close()
    },
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.setHeader('Cache-Control', 'no-store')
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
}

function notFound(res: ServerResponse): void {
  send(res, 404, 'text/plain', 'not found')
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', type)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.end(res.req.method === 'HEAD' ? undefined : body)
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function authorised(req: IncomingMessage, token: string): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]
  if (bearer !== undefined && same(bearer, token)) return true
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=')
    if (k === 'tunekit_token' && v !== undefined && same(v, token)) return true
  }
  return false
}
