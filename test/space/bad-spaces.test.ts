import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSpaceFile, TunekitError } from '../../src/index.js'
import type { ErrorCode } from '../../src/index.js'

const BAD = fileURLToPath(new URL('../fixtures/spaces/bad/', import.meta.url))

interface Case {
  /** Every one of these JSON paths must be among the issues. */
  readonly paths?: readonly string[]
  /** At least one of these (a cycle may be reported at any of its edges). */
  readonly anyPath?: readonly string[]
  /** Must appear in the message of an issue at one of the expected paths (or, for file errors, in the message). */
  readonly fragment: string
  readonly code?: ErrorCode
}

/**
 * The corpus: one broken space per file in test/fixtures/spaces/bad/, with the JSON path(s) its message must name.
 * Written from the file-format contract, not from a run.
 */
const EXPECT: Readonly<Record<string, Case>> = {
  'log-float-low-zero': { paths: ['/parameters/learning_rate/low'], fragment: 'must be > 0 when "log" is true' },
  'log-int-low-negative': { paths: ['/parameters/units/low'], fragment: 'must be > 0 when "log" is true' },
  'log-float-with-step': { paths: ['/parameters/dropout/step'], fragment: 'log' },
  'log-int-with-step': { paths: ['/parameters/units/step'], fragment: 'log' },
  'float-low-above-high': { paths: ['/parameters/momentum/high'], fragment: 'low' },
  'int-low-above-high': { paths: ['/parameters/layers/high'], fragment: 'low' },
  'float-missing-low': { paths: ['/parameters/x'], fragment: '"low"' },
  'int-missing-high': { paths: ['/parameters/n'], fragment: '"high"' },
  'missing-type': { paths: ['/parameters/x'], fragment: '"type"' },
  'unknown-type': { paths: ['/parameters/x/type'], fragment: '"categorical"' },
  'unknown-param-property': { paths: ['/parameters/x/hihg'], fragment: 'hihg' },
  'unknown-top-level-property': { paths: ['/seed'], fragment: 'seed' },
  'missing-parameters': { paths: ['', '/params'], fragment: '"parameters"' },
  'empty-parameters': { paths: ['/parameters'], fragment: 'at least 1' },
  'parameters-not-object': { paths: ['/parameters'], fragment: 'object' },
  'document-is-array': { paths: [''], fragment: 'object' },
  'parameter-not-object': { paths: ['/parameters/x'], fragment: 'object' },
  'categorical-empty-choices': { paths: ['/parameters/activation/choices'], fragment: 'at least 1' },
  'categorical-duplicate-choices': { paths: ['/parameters/activation/choices'], fragment: 'duplicate' },
  'categorical-object-choice': { paths: ['/parameters/activation/choices/1'], fragment: 'must be' },
  'categorical-null-choice': { paths: ['/parameters/activation/choices/0'], fragment: 'must be' },
  'categorical-choices-not-array': { paths: ['/parameters/activation/choices'], fragment: 'array' },
  'constant-missing-value': { paths: ['/parameters/epochs'], fragment: '"value"' },
  'constant-array-value': { paths: ['/parameters/epochs/value'], fragment: 'must be' },
  'int-fractional-low': { paths: ['/parameters/batch/low'], fragment: 'integer' },
  'int-step-zero': { paths: ['/parameters/batch/step'], fragment: '1' },
  'float-step-negative': { paths: ['/parameters/x/step'], fragment: '0' },
  // Stricter than Optuna (which would collapse the axis to `low`): a step wider than the range is refused.
  'float-step-larger-than-range': { paths: ['/parameters/x/step'], fragment: 'high - low' },
  'low-is-string': { paths: ['/parameters/x/low'], fragment: 'number' },
  'log-not-boolean': { paths: ['/parameters/x/log'], fragment: 'boolean' },
  'name-starts-with-digit': { paths: ['/parameters/1st_layer'], fragment: '1st_layer' },
  'name-with-space': { paths: ['/parameters/learning rate'], fragment: 'learning rate' },
  'description-not-string': { paths: ['/description'], fragment: 'string' },
  'when-unknown-parameter': { paths: ['/parameters/momentum/when/optimiser'], fragment: 'optimiser' },
  'when-value-not-a-choice': { paths: ['/parameters/momentum/when/optimizer'], fragment: '"SGD"' },
  'when-list-value-not-a-choice': { paths: ['/parameters/beta2/when/optimizer'], fragment: '"adamw"' },
  'when-int-out-of-range': { paths: ['/parameters/units_4/when/layers'], fragment: '4' },
  // 70 is within [16, 70] but not on 16 + k*16 (high is lowered to 64): the condition could never hold.
  'when-int-off-step': { paths: ['/parameters/accumulate/when/batch'], fragment: '70' },
  'when-on-float': { paths: ['/parameters/seed_drop/when/dropout'], fragment: 'float' },
  'when-constant-other-value': { paths: ['/parameters/lr/when/mode'], fragment: '"eval"' },
  'when-self': { paths: ['/parameters/a/when/a'], fragment: 'itself' },
  'when-cycle-two': { anyPath: ['/parameters/a/when/b', '/parameters/b/when/a'], fragment: 'cycle' },
  'when-cycle-three': { anyPath: ['/parameters/a/when/c', '/parameters/b/when/a', '/parameters/c/when/b'], fragment: 'cycle' },
  'when-empty': { paths: ['/parameters/momentum/when'], fragment: 'at least 1' },
  'when-empty-list': { paths: ['/parameters/momentum/when/opt'], fragment: 'must' },
  'when-object-value': { paths: ['/parameters/momentum/when/opt'], fragment: 'must' },
  'when-not-object': { paths: ['/parameters/momentum/when'], fragment: 'object' },
  'several-problems': {
    paths: [
      '/parameters/learning_rate/low',
      '/parameters/activation/choices',
      '/parameters/layers/high',
      '/parameters/momentum/when/optimizer',
      '/parameters/bad name',
    ],
    fragment: 'must be > 0 when "log" is true',
  },
  'several-problems-one-parameter': { paths: ['/parameters/x/high', '/parameters/x/step', '/parameters/x/colour'], fragment: 'colour' },
  'not-json-trailing-comma': { code: 'NOT_JSON', fragment: 'line 4, column 3' },
  'not-json-comment': { code: 'NOT_JSON', fragment: 'line 2, column 3' },
  'not-json-empty': { code: 'NOT_JSON', fragment: 'empty' },
}

function thrown(f: () => unknown): TunekitError {
  try {
    f()
  } catch (e) {
    if (e instanceof TunekitError) return e
    throw new Error(`expected a TunekitError, got ${String(e)}`, { cause: e })
  }
  throw new Error('expected a TunekitError, nothing was thrown')
}

describe('broken search spaces (test/fixtures/spaces/bad)', () => {
  const files = readdirSync(BAD)
    .filter((f) => f.endsWith('.json'))
    .sort()

  it('every fixture has an expectation and every expectation a fixture', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(Object.keys(EXPECT).sort())
    const spaces = Object.values(EXPECT).filter((c) => (c.code ?? 'INVALID_SPACE') === 'INVALID_SPACE')
    expect(spaces.length).toBeGreaterThanOrEqual(30)
  })

  for (const [name, c] of Object.entries(EXPECT)) {
    it(name, () => {
      const file = join(BAD, `${name}.json`)
      const err = thrown(() => loadSpaceFile(file))
      const code = c.code ?? 'INVALID_SPACE'
      expect(err.code).toBe(code)
      expect(err.file).toBe(file)
      const text = err.format()
      expect(text).toContain(file)
      if (code !== 'INVALID_SPACE') {
        expect(err.message).toContain(c.fragment)
        return
      }
      const paths = err.issues.map((i) => i.path)
      for (const p of c.paths ?? []) expect(paths).toContain(p)
      if (c.anyPath)
        expect(
          paths.some((p) => c.anyPath!.includes(p)),
          `one of ${c.anyPath.join(', ')} in ${paths.join(', ')}`,
        ).toBe(true)
      const expected = [...(c.paths ?? []), ...(c.anyPath ?? [])]
      // The fragment belongs to an issue at an expected path, not just anywhere.
      expect(
        err.issues.some((i) => expected.includes(i.path) && i.message.includes(c.fragment)),
        JSON.stringify(err.issues),
      ).toBe(true)
      // Every issue is one line naming the file and its JSON path, as the CLI prints it.
      for (const i of err.issues) expect(text).toContain(`${file}: ${i.path || '/'}: ${i.message}`)
      // The message says how many problems there are, and none is listed twice.
      expect(err.message).toContain(String(err.issues.length))
      expect(new Set(err.issues.map((i) => `${i.path}|${i.message}`)).size).toBe(err.issues.length)
      if (expected.length > 1 && !c.anyPath) expect(err.issues.length).toBeGreaterThanOrEqual(expected.length)
    })
  }

  it('a missing file is FILE_NOT_FOUND naming the path', () => {
    const file = join(BAD, 'no-such-space.json')
    const err = thrown(() => loadSpaceFile(file))
    expect(err.code).toBe('FILE_NOT_FOUND')
    expect(err.format()).toContain(file)
  })

  it('a directory is FILE_NOT_FOUND, not a crash', () => {
    const err = thrown(() => loadSpaceFile(BAD))
    expect(err.code).toBe('FILE_NOT_FOUND')
    expect(err.format()).toContain(BAD)
  })

  it('the example message of the contract comes out word for word', () => {
    const err = thrown(() => loadSpaceFile(join(BAD, 'log-float-low-zero.json')))
    expect(err.format()).toContain(`${join(BAD, 'log-float-low-zero.json')}: /parameters/learning_rate/low: must be > 0 when "log" is true`)
  })
})
