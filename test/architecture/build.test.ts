import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : []
  })
}

describe('the build the CLI tests run', () => {
  it('is never older than the sources (vitest builds dist/ before the tests)', () => {
    for (const src of sources(join(ROOT, 'src'))) {
      const built = join(ROOT, 'dist', src.slice(join(ROOT, 'src').length).replace(/\.ts$/, '.js'))
      expect(existsSync(built), built).toBe(true)
      expect(statSync(built).mtimeMs, `${built} is older than ${src}`).toBeGreaterThanOrEqual(statSync(src).mtimeMs)
    }
  })
})
