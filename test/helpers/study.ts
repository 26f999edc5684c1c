import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { createStudy } from '../../src/index.js'
import type { Params, SearchSpaceInput, StrategyConfig, Storage } from '../../src/index.js'

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'tunekit-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Asks `n` configurations (telling each a value, so the history is realistic) and returns them in order. */
export async function askSequence(options: {
  readonly space: SearchSpaceInput
  readonly strategy: StrategyConfig
  readonly n: number
  readonly storage?: string | Storage
  readonly name?: string
}): Promise<Params[]> {
  const study = await createStudy({ space: options.space, strategy: options.strategy, storage: options.storage ?? ':memory:', name: options.name ?? 'seq' })
  try {
    const out: Params[] = []
    for (let i = 0; i < options.n; i++) {
      const t = await study.ask()
      out.push(t.params)
      await study.tell(t, i % 3)
    }
    return out
  } finally {
    await study.close()
  }
}
