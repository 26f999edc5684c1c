import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { command as compareCommand } from '../../src/cli/commands/compare.js'
import { command as reportCommand } from '../../src/cli/commands/report.js'
import { createStudy } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'tunekit-out-'))
const store = join(dir, 'x.json')
const bigStore = join(dir, 'big.json')
const root = resolve(import.meta.dirname, '../..')

beforeAll(async () => {
  for (const [file, trials] of [
    [store, 3],
    [bigStore, 300],
  ] as const) {
    const study = await createStudy({ name: 'x', space: { parameters: { x: { type: 'float', low: 0, high: 1 } } }, storage: file })
    await study.optimize((p) => Number(p.x), { trials })
    await study.close()
  }
})

async function report(out: string, format: string, on = store): Promise<unknown> {
  return reportCommand.run({ format, out }, [on])
}

describe('report --out', () => {
  it('never overwrites the store it reads, another store, an experiment or a search space', async () => {
    expect(readFileSync(bigStore, 'utf8').length).toBeGreaterThan(64 * 1024) // judged by its head, not parsed
    const experiment = join(dir, 'exp.json')
    copyFileSync(join(root, 'experiments/linreg-lr-init.json'), experiment)
    const space = join(dir, 'space.json')
    copyFileSync(join(root, 'search-spaces/example.json'), space)
    const lock = join(dir, 'other.json.lock')
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'h', since: 'now' }))
    for (const [target, what] of [
      [store, 'is a store this command reads'],
      [bigStore, 'is a tunekit store'],
      [experiment, 'is an experiment file'],
      [space, 'is a search-space file'],
      [lock, "is a store's lock file"],
    ] as const) {
      const before = readFileSync(target, 'utf8')
      for (const format of ['csv', 'json', 'table']) {
        await expect(report(target, format), `${target} ${format}`).rejects.toThrow(what)
      }
      await expect(compareCommand.run({ format: 'json', out: target }, [store])).rejects.toThrow(/never overwrites a store/)
      expect(readFileSync(target, 'utf8')).toBe(before)
    }
  })

  it('overwrites an older report, and writes a new file', async () => {
    const csv = join(dir, 'report.csv')
    const json = join(dir, 'report.json')
    writeFileSync(csv, 'old')
    expect(await report(csv, 'csv')).toBe(0)
    expect(readFileSync(csv, 'utf8')).toContain('number')
    expect(await report(json, 'json', bigStore)).toBe(0)
    expect(await report(json, 'json', bigStore)).toBe(0) // its own earlier JSON report (over 64 KiB) is no store
    expect(JSON.parse(readFileSync(json, 'utf8')).trials).toHaveLength(300)
    const cmp = join(dir, 'compare.json')
    expect(await compareCommand.run({ format: 'json', out: cmp }, [store])).toBe(0)
    expect(await compareCommand.run({ format: 'json', out: cmp }, [store])).toBe(0)
  })
})
