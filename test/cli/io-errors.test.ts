import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseStore } from '../../src/storage/lowdb-file.js'
import { ROOT, tempDir, tunekit } from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')

function experiment(dir: string, storage: string): string {
  const file = join(dir, 'exp.json')
  writeFileSync(
    file,
    JSON.stringify({
      name: 'io',
      space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      objective: { metric: 'loss' },
      trainer: { command: [process.execPath, FIXTURE] },
      budget: { trials: 2 },
      storage,
    }),
  )
  return file
}

function oneLine(r: { stderr: string }): void {
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2)
}

/** Issue 11, item 14: expected I/O errors in a line or two naming the file, with the right exit code. */
describe('I/O errors', () => {
  it('a storage folder whose parent is a file: exit 2, one line naming it', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'afile'), 'x')
    const r = tunekit(['run', experiment(dir, 'afile/sub/s.json')])
    expect(r.code, r.stderr).toBe(2)
    oneLine(r)
    expect(r.stderr).toContain('afile')
    expect(r.stderr).toContain('is a file, not a folder')
  })

  it('report --out into a missing folder or under a file: exit 2, one line naming the path', () => {
    const dir = tempDir()
    expect(tunekit(['run', experiment(dir, 'runs/s.json')]).code).toBe(0)
    writeFileSync(join(dir, 'afile'), 'x')
    for (const out of [join(dir, 'missing/r.txt'), join(dir, 'afile/r.txt')]) {
      const r = tunekit(['report', join(dir, 'runs/s.json'), '--out', out])
      expect(r.code, r.stderr).toBe(2)
      oneLine(r)
      expect(r.stderr).toContain(out)
    }
  })

  it('a store that is JSON but lacks fields or holds null trials: exit 2, naming the JSON path', () => {
    const dir = tempDir()
    expect(tunekit(['run', experiment(dir, 'runs/s.json')]).code).toBe(0)
    const good = JSON.parse(readFileSync(join(dir, 'runs/s.json'), 'utf8')) as { studies: { study: Record<string, unknown>; trials: unknown[] }[] }
    const cases: [string, (d: typeof good) => void, string][] = [
      ['null-trial', (d) => (d.studies[0]!.trials[0] = null), '/studies/0/trials/0 is null'],
      ['no-params', (d) => delete (d.studies[0]!.trials[1] as Record<string, unknown>).params, '/studies/0/trials/1/params'],
      ['no-direction', (d) => delete d.studies[0]!.study.direction, '/studies/0/study/direction'],
      ['bad-state', (d) => ((d.studies[0]!.trials[0] as Record<string, unknown>).state = 'done'), '/studies/0/trials/0/state'],
    ]
    for (const [name, breakIt, path] of cases) {
      const data = structuredClone(good)
      breakIt(data)
      expect(() => parseStore(JSON.stringify(data), `${name}.json`)).toThrow(path)
    }
    // Through the CLI, once for a reader and once for a writer: one line, exit 2, the store untouched.
    const data = structuredClone(good)
    cases[0]![1](data)
    const store = join(dir, 'null-trial.json')
    writeFileSync(store, JSON.stringify(data))
    for (const args of [
      ['report', store],
      ['run', experiment(dir, 'null-trial.json')],
    ]) {
      const r = tunekit(args)
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2)
      oneLine(r)
      expect(r.stderr).toContain(cases[0]![2])
      expect(r.stderr).not.toContain('TypeError')
    }
    expect(readFileSync(store, 'utf8')).toBe(JSON.stringify(data))
  })

  it('a full disk (ENOSPC) mid-run: exit 1, one line naming the store, no temporary file left', () => {
    const dir = tempDir()
    const file = experiment(dir, 'runs/s.json')
    expect(tunekit(['run', file]).code).toBe(0)
    const before = readFileSync(join(dir, 'runs/s.json'), 'utf8')
    // steno writes .s.json.tmp and renames it: made a link to /dev/full, every write fails with ENOSPC.
    symlinkSync('/dev/full', join(dir, 'runs/.s.json.tmp'))
    const r = tunekit(['run', file, '--trials', '4'])
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stderr).toContain('runs/s.json: cannot write the store (ENOSPC)')
    expect(r.stderr).toContain('free some space')
    expect(readdirSync(join(dir, 'runs'))).toEqual(['s.json'])
    expect(readFileSync(join(dir, 'runs/s.json'), 'utf8')).toBe(before)
    expect(existsSync(join(dir, 'runs/.s.json.tmp'))).toBe(false)
  })
})
