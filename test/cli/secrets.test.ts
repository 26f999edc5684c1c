import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir, tunekit } from '../helpers/cli.js'
import { explainSkip, PG_URL, useTestDatabase } from '../helpers/pg.js'

explainSkip('test/cli/secrets.test.ts')
const db = useTestDatabase()
const ENV_DUMP = join(ROOT, 'test/fixtures/hardening/env-dump.mjs')
// The test server trusts local connections: any password is accepted, so each can be checked for leaks.
const PASSWORDS = ['Zq7%2Fsecret', 'Zq7/se@cr?et', 'Zq7#p:w@d']

/** The test database's URL with a password written into it, as is, or as a password= query parameter. */
function withPassword(pw: string, asQuery = false): string {
  const u = new URL(db.url())
  if (asQuery) return `${u.protocol}//${u.username || 'postgres'}@${u.host}${u.pathname}?password=${encodeURIComponent(pw)}`
  return `${u.protocol}//${u.username || 'postgres'}:${pw}@${u.host}${u.pathname}`
}

describe.skipIf(!PG_URL)('a PostgreSQL password', () => {
  it('never reaches the terminal, a report, a comparison or a trainer', () => {
    const dir = tempDir()
    const envDir = join(dir, 'env')
    const exp = join(dir, 'exp.json')
    writeFileSync(
      exp,
      JSON.stringify({
        name: 'secret',
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        objective: { metric: 'loss', direction: 'minimize' },
        strategy: { name: 'random', seed: 1 },
        trainer: { command: [process.execPath, ENV_DUMP] },
        budget: { trials: 2 },
      }),
    )
    let n = 0
    // Every command on the first; the commands that leaked before on the others (each CLI start costs a second).
    const urls = [withPassword(PASSWORDS[1]!), withPassword(PASSWORDS[0]!), withPassword(PASSWORDS[2]!), withPassword(PASSWORDS[1]!, true)]
    for (const url of urls) {
      const pw = PASSWORDS.find((p) => url.includes(p) || url.includes(encodeURIComponent(p)))!
      const all = n === 0
      {
        n++
        const check = (what: string, text: string): void => {
          expect(text, `${what} with ${url}`).not.toContain(pw)
          expect(text, `${what} with ${url}`).not.toContain(encodeURIComponent(pw))
        }
        const dump = join(envDir, String(n))
        mkdirSync(dump, { recursive: true })
        const run = tunekit(['run', exp, '--trials', String(n * 2)], { env: { TUNEKIT_STORAGE: url, ENV_DIR: dump } })
        expect(run.code, run.stderr).toBe(0)
        check('run', run.stdout + run.stderr)
        for (const f of readdirSync(dump)) check('a trainer environment', readFileSync(join(dump, f), 'utf8'))
        const fresh = all ? tunekit(['run', exp, '--storage', url, '--fresh']) : { code: 2, stdout: '', stderr: '' }
        expect(fresh.code).toBe(2)
        check('run --fresh', fresh.stdout + fresh.stderr)
        const nope = tunekit(['report', url, '--experiment', 'nope'])
        expect(nope.code).toBe(2)
        check('report --experiment nope', nope.stdout + nope.stderr)
        for (const format of all ? ['table', 'json', 'csv', 'html'] : []) {
          // An HTML page is over spawnSync's 1 MB buffer: it goes to a file.
          const out = join(dir, `report.${format}`)
          const r = tunekit(['report', url, '--format', format, '--out', out])
          expect(r.code, r.stderr).toBe(0)
          check(`report --format ${format}`, r.stdout + r.stderr + readFileSync(out, 'utf8'))
        }
        for (const format of all ? ['table', 'json', 'html'] : ['json']) {
          const out = join(dir, `compare.${format}`)
          const r = tunekit(['compare', url, '--format', format, '--out', out])
          expect(r.code, r.stderr).toBe(0)
          check(`compare --format ${format}`, r.stdout + r.stderr + readFileSync(out, 'utf8'))
        }
      }
    }
  }, 120_000)
})
