import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv, unquoteFormula } from '../../src/runner/import/csv.js'
import { SlotPool } from '../../src/runner/executors/slots.js'
import { openStorageWaiting } from '../../src/storage/wait.js'
import { spawnStoreChild } from '../helpers/child.js'
import { tempDir } from '../helpers/cli.js'

describe('the small parts of the workflow features', () => {
  it('parseCsv reads quoted cells with commas, quotes and line breaks, CRLF or LF, and skips blank lines', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n\r\n1,"two\nlines"\n,\n').map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['x, y', 'say "hi"']],
      [4, ['1', 'two\nlines']],
      [6, ['', '']],
    ])
    expect(unquoteFormula("'=SUM(A1)")).toBe('=SUM(A1)')
    expect(unquoteFormula("'-tanh")).toBe('-tanh')
    expect(unquoteFormula("'plain")).toBe("'plain")
  })

  it('a slot pool hands each slot to one holder at a time and makes the others wait', async () => {
    const pool = new SlotPool(['a', 'b'])
    const order: string[] = []
    const hold = (ms: number) =>
      pool.with(async (slot) => {
        order.push(`+${slot}`)
        await new Promise((r) => setTimeout(r, ms))
        order.push(`-${slot}`)
        return slot
      })
    const failing = pool.with(async () => {
      throw new Error('trial failed')
    })
    await expect(failing).rejects.toThrow('trial failed')
    const got = await Promise.all([hold(30), hold(10), hold(5)])
    const [first, second, third] = got
    expect(first).not.toBe(second)
    // The third waited for the first slot freed (the second's, after 10 ms), never sharing a held one.
    expect(third).toBe(second)
    expect(order.slice(0, 4)).toEqual([`+${first}`, `+${second}`, `-${second}`, `+${second}`])
  })

  it('openStorageWaiting waits for a lowdb writer to let go, and gives up after --wait seconds naming it', async () => {
    const store = join(tempDir(), 'store.json')
    const holder = spawnStoreChild('hold', store)
    await holder.ready
    await expect(openStorageWaiting(store, 0.3)).rejects.toThrow(/in use by process \d+.*waited 0.3 s for it: --wait SECONDS waits longer/)
    const waiting = openStorageWaiting(store, 20)
    setTimeout(() => holder.proc.stdin!.end(), 300)
    const storage = await waiting
    expect(storage.readonly).toBe(false)
    await storage.close()
    await holder.exited
  }, 30_000)
})
