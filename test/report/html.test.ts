import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStorage } from '../../src/index.js'
import { compareExperiments } from '../../src/report/compare.js'
import { clientScript } from '../../src/report/html/assets.js'
import { compareHtml } from '../../src/report/html/compare-page.js'
import { escapeHtml, inlineScript, jsonForScript } from '../../src/report/html/escape.js'
import { reportData } from '../../src/report/html/report-data.js'
import { reportHtml } from '../../src/report/html/report-page.js'
import { parameterImportance } from '../../src/report/importance/ped-anova.js'
import { HOSTILE, hostileStore } from './helpers.js'

async function readHostile(): Promise<{ study: import('../../src/index.js').StudyRecord; trials: readonly import('../../src/index.js').TrialRecord[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'tunekit-html-')), 'hostile.json')
  writeFileSync(file, hostileStore())
  const storage = await openStorage(file, { readonly: true })
  try {
    const [study] = await storage.listStudies()
    return { study: study!, trials: await storage.getTrials(study!.name) }
  } finally {
    await storage.close()
  }
}

/** The text of every <script> element, and the markup outside them. */
function split(html: string): { scripts: string[]; markup: string } {
  const scripts: string[] = []
  const markup = html.replace(/<script\b[^>]*>([\s\S]*?)<\/script>/gi, (_, body: string) => {
    scripts.push(body)
    return '<script></script>'
  })
  return { scripts, markup }
}

describe('escaping', () => {
  it('escapes markup characters for text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })

  it('embeds JSON that cannot close its script element and reads back unchanged', () => {
    const value = { s: '</script><script>alert(1)</script><!-- & \u2028\u2029', n: [1.5, null] }
    const text = jsonForScript(value)
    expect(text).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(text)).toEqual(value)
  })

  it('keeps inlined library code from closing its script element', () => {
    const code = 'var a = "</script>", b = /<\\/script/i, c = "<!--";'
    const safe = inlineScript(code)
    expect(safe).not.toMatch(/<\/script|<!--/i)
    expect(new Function(`${safe}; return [a, b.source, c]`)()).toEqual(new Function(`${code}; return [a, b.source, c]`)())
  })
})

describe('the HTML pages', () => {
  it('parses every client script (syntax errors caught before a browser sees them)', () => {
    for (const name of ['common', 'table', 'report-charts', 'report-views', 'report-main', 'compare-charts'] as const)
      expect(() => new Function(clientScript(name))).not.toThrow()
  })

  it('puts hostile store strings only into escaped text and the escaped JSON', async () => {
    const { study, trials } = await readHostile()
    for (const html of [reportHtml(study, trials), compareHtml(compareExperiments([{ location: 'hostile.json', study, trials }]))]) {
      const { scripts, markup } = split(html)
      // The data, the chart library, the helpers, the table and the page script: nothing else became a script.
      expect(scripts).toHaveLength(5)
      expect(html.match(/<script\b/gi)).toHaveLength(5)
      for (const s of Object.values(HOSTILE)) {
        expect(markup).not.toContain(s)
        for (const body of scripts) expect(body).not.toContain(s)
      }
      expect(markup).not.toMatch(/<img|<svg/i) // as text they read &lt;img ...
      expect(markup).toContain(escapeHtml(HOSTILE.study).slice(0, 20))
      const data = JSON.parse(html.match(/<script type="application\/json" id="tunekit-data">([\s\S]*?)<\/script>/)![1]!)
      expect(JSON.stringify(data)).toContain(JSON.stringify(HOSTILE.study).slice(1, -1))
    }
  })

  it('allows no network and only its own scripts', async () => {
    const { study, trials } = await readHostile()
    const html = reportHtml(study, trials)
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1]!
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("connect-src 'none'")
    const nonce = csp.match(/'nonce-([^']+)'/)![1]!
    expect(html.match(new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}">`, 'g'))).toHaveLength(4)
    expect(split(html).markup).not.toMatch(/<link\b|<[a-z][^>]*\s(src|href)=/i)
  })

  it('embeds the data in columns: inactive parameters as null, log and category axes marked', async () => {
    const { study, trials } = await readHostile()
    const data = reportData(study, trials, parameterImportance(study, trials))
    expect(data.trials.number).toHaveLength(30)
    const [cat, lr] = data.params
    expect(cat).toMatchObject({ name: HOSTILE.param, axis: 'category', categories: [HOSTILE.choice, HOSTILE.otherChoice, 'plain'] })
    expect(lr).toMatchObject({ name: 'lr', axis: 'log' })
    expect(data.metrics.map((m) => m.name)).toEqual([`${HOSTILE.param}_metric`]) // the objective is the value column
    expect(data.intermediate).toHaveLength(27) // every trial but the 3 failed ones
    expect(data.trials.error[4]).toBe(`${HOSTILE.error}: ${HOSTILE.otherChoice}`)
    const conditional = { ...study, space: { parameters: { ...study.space.parameters, m: { type: 'float' as const, low: 0, high: 1 } } } }
    const withM = trials.map((t, i) => (i % 2 ? { ...t, params: { ...t.params, m: 0.5 } } : t))
    const m = reportData(conditional, withM, parameterImportance(conditional, withM)).params[2]!
    expect(m.values.slice(0, 4)).toEqual([null, 0.5, null, 0.5])
  })
})
