import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir, tunekitAsync } from '../helpers/cli.js'

describe('SIGTERM during a sweep at the largest parallel (issue 11, item 9)', () => {
  it('stops it promptly while hundreds of trainers start, and leaves none running', async () => {
    const dir = tempDir()
    const pids = join(dir, 'pids')
    const exp = join(dir, 'exp.json')
    writeFileSync(
      exp,
      JSON.stringify({
        name: 'term',
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        objective: { metric: 'loss', direction: 'minimize' },
        strategy: { name: 'random', seed: 1 },
        // A Node trainer that records its pid and sleeps: hundreds starting at once load the machine, as real ones do.
        trainer: {
          command: [
            process.execPath,
            '-e',
            `require('fs').mkdirSync(${JSON.stringify(pids)},{recursive:true});require('fs').writeFileSync(${JSON.stringify(pids)}+'/'+process.pid,'');setTimeout(()=>{},60000)`,
          ],
        },
        budget: { trials: 2000 },
        parallel: 256,
        storage: 's.json',
      }),
    )
    const run = tunekitAsync(['run', exp])
    const end = Date.now() + 30_000
    while (Date.now() < end && (readdirSafe(pids).length < 20 || !run.output().stderr.includes('tunekit: term'))) await sleep(25)
    const sent = Date.now()
    run.child.kill('SIGTERM')
    const r = await run.done
    const took = Date.now() - sent
    expect(r.code, r.stderr).toBe(130)
    expect(r.stderr).toContain('SIGTERM: stopping running trials')
    expect(took).toBeLessThan(8_000)
    for (const f of readdirSafe(pids)) {
      expect(() => process.kill(Number(f), 0), `trainer ${f}`).toThrow()
    }
  }, 60_000)
})

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
