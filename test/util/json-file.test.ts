import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TunekitError } from '../../src/index.js'
import { parseJsonText, readJsonFile } from '../../src/util/json-file.js'
import { tempDir } from '../helpers/cli.js'

function thrown(f: () => unknown): TunekitError {
  try {
    f()
  } catch (e) {
    if (e instanceof TunekitError) return e
    throw e
  }
  throw new Error('nothing was thrown')
}

/** Issue 11, items 12 and 13: JSON is read strictly, and every refusal names the file and where. */
describe('strict JSON files', () => {
  it('refuses a repeated key with its JSON path and line (item 13)', () => {
    const text = '{\n  "parameters": {\n    "x": { "type": "float", "low": 0, "high": 1, "low": 0.5 }\n  }\n}'
    const err = thrown(() => parseJsonText(text, 'space.json'))
    expect(err.code).toBe('NOT_JSON')
    expect(err.issues).toEqual([{ path: '/parameters/x/low', message: expect.stringContaining('duplicate key "low"') }])
    expect(err.format()).toContain('space.json: /parameters/x/low: duplicate key')
    expect(err.message).toContain('line 3, column')
    // Inside arrays the index is part of the path; escaped keys compare by their value.
    expect(thrown(() => parseJsonText('{"a":[1,{"b":1,"\\u0062":2}]}', 'f')).issues[0]!.path).toBe('/a/1/b')
    expect(thrown(() => parseJsonText('{"a/b":{"k":1,"k":2}}', 'f')).issues[0]!.path).toBe('/a~1b/k')
    // The same key in two objects is fine, and so are keys that are string values elsewhere.
    expect(parseJsonText('{"a":{"k":1},"b":{"k":2},"c":["k","k"],"d":"\\"k\\""}', 'f')).toEqual({ a: { k: 1 }, b: { k: 2 }, c: ['k', 'k'], d: '"k"' })
  })

  it('refuses a number that is not a finite double, with its path (item 12)', () => {
    const err = thrown(() => parseJsonText('{"budget": {"trials": 1e400}}', 'e.json'))
    expect(err.code).toBe('NOT_JSON')
    expect(err.issues[0]!.path).toBe('/budget/trials')
    expect(err.issues[0]!.message).toContain('1e400')
    expect(thrown(() => parseJsonText('[0, -1E+999]', 'f')).issues[0]!.path).toBe('/1')
    expect(parseJsonText('[1e-400, 1.7976931348623157e308, -0]', 'f')).toEqual([0, 1.7976931348623157e308, -0])
  })

  it('accepts a UTF-8 byte-order mark and refuses invalid UTF-8 with the byte offset (item 13)', () => {
    const dir = tempDir()
    const bom = join(dir, 'bom.json')
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": "é"}')]))
    expect(readJsonFile(bom)).toEqual({ a: 'é' })
    const bad = join(dir, 'latin1.json')
    writeFileSync(bad, Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]))
    const err = thrown(() => readJsonFile(bad))
    expect(err.code).toBe('NOT_JSON')
    expect(err.format()).toContain(bad)
    expect(err.message).toContain('byte offset 13')
    expect(err.message).toContain('0xe9')
    const truncated = join(dir, 'truncated.json')
    writeFileSync(truncated, Buffer.concat([Buffer.from('["ok", "'), Buffer.from([0xf0, 0x9f, 0x98])]))
    expect(thrown(() => readJsonFile(truncated)).message).toContain('byte offset 8')
  })

  it('reads a large file in one linear pass (millions of values)', () => {
    const text = JSON.stringify({ parameters: { c: { type: 'categorical', choices: Array.from({ length: 300_000 }, (_, i) => `v${i}\\"`) } } })
    const started = performance.now()
    expect((parseJsonText(text, 'f') as { parameters: { c: { choices: string[] } } }).parameters.c.choices).toHaveLength(300_000)
    expect(performance.now() - started).toBeLessThan(10_000)
  }, 30_000)
})
