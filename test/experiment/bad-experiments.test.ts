import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/cli.js'
import { type CliResult, tunekit, tunekitAsync } from '../helpers/cli.js'

const DIR = fileURLToPath(new URL('../fixtures/experiments/', import.meta.url))
const BAD = join(DIR, 'bad')

interface Case {
  /** The JSON path a line of the message must name ('' for the document, printed as "/"). */
  readonly path?: string
  /** Must appear on that line (or, without a path, in the message). */
  readonly fragment: string
}

/**
 * The corpus (issue 11): one broken experiment per file in test/fixtures/experiments/bad/, each a one-point change
 * of good.json, with the JSON path its message must name. Written from the file-format contract, not from a run.
 */
const EXPECT: Readonly<Record<string, Case>> = {
  'name-missing': { path: '', fragment: '"name"' },
  'name-with-space': { path: '/name', fragment: 'must match' },
  'space-missing': { path: '', fragment: '"space"' },
  'space-file-missing': { path: '/space', fragment: 'no such search-space file' },
  'space-file-broken': { path: '/space', fragment: '/parameters/learning_rate/low: must be > 0 when "log" is true' },
  'space-low-above-high': { path: '/space/parameters/x/high', fragment: 'swap low and high' },
  'space-high-overflow': { path: '/space/parameters/x/high', fragment: '1e400 is out of range' },
  'duplicate-parameter': { path: '/space/parameters/x', fragment: 'duplicate key "x"' },
  'objective-missing': { path: '', fragment: '"objective"' },
  'objective-no-metric': { path: '/objective', fragment: '"metric"' },
  'objective-bad-direction': { path: '/objective/direction', fragment: '"minimize"' },
  'strategy-unknown': { path: '/strategy/name', fragment: '"rnadom"' },
  'strategy-unknown-option': { path: '/strategy/colour', fragment: 'unknown property "colour"' },
  'strategy-seed-negative': { path: '/strategy/seed', fragment: '>= 0' },
  'strategy-seed-too-large': { path: '/strategy/seed', fragment: '4294967295' },
  'pruner-unknown': { path: '/pruner/name', fragment: '"medain"' },
  'trainer-unknown-builtin': { path: '/trainer/builtin', fragment: '"linear-regresion"' },
  'trainer-command-empty': { path: '/trainer/command', fragment: 'at least 1' },
  'trainer-placeholder-unknown': { path: '/trainer/command', fragment: '{y}' },
  'trainer-timeout-zero': { path: '/trainer/timeoutSeconds', fragment: '> 0' },
  'trainer-timeout-too-long': { path: '/trainer/timeoutSeconds', fragment: '2592000' },
  'trainer-kill-grace-too-long': { path: '/trainer/killGraceSeconds', fragment: '3600' },
  'trainer-env-not-string': { path: '/trainer/env/THREADS', fragment: 'string' },
  'trainer-unknown-property': { path: '/trainer/cmd', fragment: 'unknown property "cmd"' },
  'budget-missing': { path: '', fragment: '"budget"' },
  'budget-trials-zero': { path: '/budget/trials', fragment: '>= 1' },
  'budget-trials-fractional': { path: '/budget/trials', fragment: 'integer' },
  'budget-trials-too-many': { path: '/budget/trials', fragment: '100000000' },
  'budget-trials-overflow': { path: '/budget/trials', fragment: '1e400 is out of range' },
  'budget-seconds-zero': { path: '/budget/seconds', fragment: '> 0' },
  'budget-max-failures-negative': { path: '/budget/maxFailures', fragment: '>= 0' },
  'duplicate-key': { path: '/budget/trials', fragment: 'duplicate key "trials"' },
  'parallel-zero': { path: '/parallel', fragment: '>= 1' },
  'parallel-too-many': { path: '/parallel', fragment: '256' },
  'parallel-string': { path: '/parallel', fragment: 'integer' },
  'heartbeat-interval-tiny': { path: '/heartbeat/intervalSeconds', fragment: '0.05' },
  'heartbeat-interval-overflow': { path: '/heartbeat/intervalSeconds', fragment: '1e400 is out of range' },
  'heartbeat-grace-zero': { path: '/heartbeat/graceSeconds', fragment: '0.1' },
  'retry-failed-too-many': { path: '/retryFailed', fragment: '100' },
  'unknown-top-level-property': { path: '/epochs', fragment: 'unknown property "epochs"' },
  'storage-empty': { path: '/storage', fragment: 'must not be empty' },
  'document-is-array': { path: '', fragment: 'object' },
  'not-json-trailing-comma': { fragment: 'line 24, column 3' },
  'invalid-utf8': { fragment: 'byte offset 20' },
}

/** Every file under a folder with its contents, to show that a refused run wrote nothing anywhere. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name)
    out.set(p, e.isFile() ? readFileSync(p, 'latin1') : '<dir>')
  }
  return out
}

/** `tunekit run <file>` in this process (the CLI's own argument parsing, loading and error printing). */
async function runInProcess(file: string): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(['run', file], { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`) })
  return { code, stdout, stderr }
}

describe('broken experiments through tunekit run (test/fixtures/experiments/bad)', () => {
  const files = readdirSync(BAD)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort()

  it('every fixture has an expectation and every expectation a fixture; at least 30 name a JSON path', () => {
    expect(files).toEqual(Object.keys(EXPECT).sort())
    expect(Object.values(EXPECT).filter((c) => c.path !== undefined).length).toBeGreaterThanOrEqual(30)
  })

  it('good.json, the file each fixture breaks in one place, is valid', () => {
    const r = tunekit(['validate', join(DIR, 'good.json')])
    expect(r.code, r.stderr).toBe(0)
  })

  it('each is refused with exit 2, the file, its JSON path and what to fix, no stack trace, nothing written', async () => {
    const before = snapshot(DIR)
    const results = new Map<string, CliResult>()
    for (const name of files) results.set(name, await runInProcess(join(BAD, `${name}.json`)))
    // A few through the built CLI as a process too: the same answer, exit code and all.
    for (const name of ['duplicate-key', 'budget-trials-overflow', 'space-file-broken', 'parallel-too-many']) {
      const r = await tunekitAsync(['run', join(BAD, `${name}.json`)]).done
      expect(r, name).toEqual(results.get(name))
    }
    const problems: string[] = []
    for (const [name, c] of Object.entries(EXPECT)) {
      const r = results.get(name)!
      const file = join(BAD, `${name}.json`)
      const lines = r.stderr.trim().split('\n')
      const where = c.path === undefined ? undefined : `${file}: ${c.path || '/'}: `
      const named = where === undefined ? r.stderr.includes(c.fragment) : lines.some((l) => l.includes(where) && l.slice(l.indexOf(where)).includes(c.fragment))
      const wrong: string[] = []
      if (r.code !== 2) wrong.push(`exit ${r.code}`)
      if (!r.stderr.includes(file)) wrong.push('the file is not named')
      if (!named) wrong.push(`no line names ${where ?? ''}${c.fragment}`)
      if (/\n\s+at /.test(r.stderr) || /Error:/.test(r.stderr)) wrong.push('a stack trace')
      if (r.stdout !== '') wrong.push(`stdout ${r.stdout}`)
      if (wrong.length > 0) problems.push(`${name}: ${wrong.join('; ')}; stderr: ${r.stderr}`)
    }
    expect(problems).toEqual([])
    expect(snapshot(DIR)).toEqual(before)
  }, 180_000)
})
