import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudy, openStorage, TunekitError } from '../../src/index.js'
import type { SearchSpaceInput, StudyRecord } from '../../src/index.js'
import { LowdbStorage } from '../../src/storage/lowdb.js'
import { spawnStoreChild } from '../helpers/child.js'
import { tempDir } from '../helpers/study.js'

const dir = tempDir()
let n = 0
const freshPath = (): string => join(dir, `file-${n++}.json`)

const SPACE: SearchSpaceInput = { parameters: { x: { type: 'float', low: 0, high: 1 }, k: { type: 'int', low: 1, high: 9 } } }
const study: StudyRecord = {
  name: 's',
  direction: 'minimize',
  metric: 'loss',
  strategy: { name: 'random', seed: 1 },
  space: SPACE,
  seed: 1,
  createdAt: new Date(0).toISOString(),
}

async function rejection(p: Promise<unknown>): Promise<TunekitError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof TunekitError)) throw new Error(`expected a TunekitError, got ${String(e)}`)
  return e
}

/** A real store with a few trials, closed. */
async function writeStore(path: string): Promise<void> {
  const s = await LowdbStorage.open(path)
  await s.createStudy(study)
  for (let i = 0; i < 4; i++) {
    await s.createTrial('s', { params: { x: i / 4, k: i + 1 }, seed: i, strategy: 'random' })
    await s.finishTrial('s', i, { state: 'complete', value: i })
  }
  await s.close()
}

describe('a corrupt lowdb store', () => {
  const damage: Record<string, (text: string) => string> = {
    'truncated in the middle': (t) => t.slice(0, Math.floor(t.length / 2)),
    'truncated by one byte': (t) => t.trimEnd().slice(0, -1),
    empty: () => '',
    'valid JSON, not a store': () => '{"hello": "world"}\n',
    'a store of another version': (t) => t.replace('"version":1', '"version":2'),
    'a study without trials': () => '{"version":1,"studies":[{"study":{"name":"s"}}]}\n',
  }

  for (const [what, hurt] of Object.entries(damage)) {
    it(`is refused (STORE_CORRUPT, naming the path) and left byte for byte as it was: ${what}`, async () => {
      const path = freshPath()
      await writeStore(path)
      writeFileSync(path, hurt(readFileSync(path, 'utf8')))
      const bytes = readFileSync(path)
      const files = readdirSync(dir).sort()
      for (const attempt of [
        () => LowdbStorage.open(path),
        () => LowdbStorage.open(path, { readonly: true }),
        () => openStorage(path),
        () => createStudy({ name: 's', space: SPACE, storage: path }),
      ]) {
        const e = await rejection(attempt())
        expect(e.code).toBe('STORE_CORRUPT')
        expect(e.message).toContain(path)
        expect(e.format()).toContain(path)
      }
      expect(readFileSync(path).equals(bytes)).toBe(true)
      expect(existsSync(`${path}.lock`)).toBe(false)
      expect(readdirSync(dir).sort()).toEqual(files)
    })
  }
})

describe('lowdb writes', () => {
  it('are on disk once flush() resolves, and once close() resolves', async () => {
    const path = freshPath()
    const onDisk = (): { state: string; value: number | null; intermediate: unknown[] }[] =>
      (JSON.parse(readFileSync(path, 'utf8')) as { studies: { trials: { state: string; value: number | null; intermediate: unknown[] }[] }[] }).studies[0]
        ?.trials ?? []
    const s = await LowdbStorage.open(path)
    await s.createStudy(study)
    await s.createTrial('s', { params: { x: 0.5, k: 2 }, seed: 0, strategy: 'random' })
    await s.createTrial('s', { params: { x: 0.25, k: 3 }, seed: 1, strategy: 'random' })
    await s.reportIntermediate('s', 1, 0, 0.5)
    await s.finishTrial('s', 0, { state: 'complete', value: 0.125 })
    await s.flush()
    expect(onDisk()).toMatchObject([
      { state: 'complete', value: 0.125 },
      { state: 'running', intermediate: [{ step: 0, value: 0.5 }] },
    ])
    await s.finishTrial('s', 1, { state: 'fail', error: { reason: 'x' } })
    await s.close()
    expect(onDisk()).toMatchObject([{ state: 'complete' }, { state: 'fail', value: null }])
  })

  it('are atomic: a reader polling the file while a study runs always finds a whole store', async () => {
    const path = freshPath()
    const s = await createStudy({ name: 'w', space: SPACE, strategy: { name: 'random', seed: 1 }, storage: path })
    let reads = 0
    let bad: string | undefined
    let running = true
    const poll = async (): Promise<void> => {
      while (running) {
        if (existsSync(path)) {
          const text = readFileSync(path, 'utf8')
          try {
            JSON.parse(text)
            reads++
          } catch {
            bad ??= text
          }
        }
        await new Promise((r) => setImmediate(r))
      }
    }
    const poller = poll()
    await s.optimize(
      async (p, trial) => {
        await trial.report(0, Number(p.x))
        // Let the poller in between trials (a real objective does I/O or waits for a worker).
        await new Promise((r) => setImmediate(r))
        return Number(p.x) * Number(p.k)
      },
      { trials: 150, parallel: 3 },
    )
    running = false
    await poller
    await s.close()
    expect(bad).toBeUndefined()
    expect(reads).toBeGreaterThan(20)
    // Nothing but the store is left in the folder (no temporary file, no lock).
    expect(readdirSync(dir).filter((f) => f.startsWith(path.split('/').pop()!))).toEqual([path.split('/').pop()])
  })

  it('survive a writer killed mid-run: another process reads every write whole, and the store reopens with its running trials interrupted', async () => {
    const path = freshPath()
    const child = spawnStoreChild('churn', path, { name: 'c', space: SPACE, strategy: { name: 'random', seed: 4 }, yield: true })
    await child.ready
    let reads = 0
    const deadline = Date.now() + 700
    while (Date.now() < deadline) {
      const text = readFileSync(path, 'utf8')
      expect(() => JSON.parse(text)).not.toThrow()
      reads++
      await new Promise((r) => setTimeout(r, 2))
    }
    child.proc.kill('SIGKILL')
    await child.exited
    expect(reads).toBeGreaterThan(20)

    const resumed = await createStudy({ name: 'c', space: SPACE, strategy: { name: 'random', seed: 4 }, storage: path })
    const before = resumed.trials.length
    expect(before).toBeGreaterThan(0)
    // Trial numbers on disk are dense: a torn write would show a gap or a duplicate.
    expect(resumed.trials.map((t) => t.number)).toEqual([...Array(before).keys()])
    const t = await resumed.ask() // fails what the dead process left running
    const states = resumed.trials.slice(0, before).map((x) => x.state)
    expect(states.every((st) => st === 'complete' || st === 'fail')).toBe(true)
    for (const x of resumed.trials.slice(0, before)) if (x.state === 'fail') expect(x.error?.reason).toBe('interrupted')
    expect(t.number).toBe(before)
    await resumed.tell(t, 1)
    await resumed.close()
  })

  // Writes are coalesced, but a study whose ask/tell loop never yields to the event loop (a synchronous objective)
  // must not starve them: a told trial reaches the file within about 100 ms, so a crash loses at most that much.
  it('makes told trials durable while a study runs, even when the objective never yields', async () => {
    const path = freshPath()
    const child = spawnStoreChild('churn', path, { name: 'c', space: SPACE, strategy: { name: 'random', seed: 4 }, yield: false })
    await child.ready
    await new Promise((r) => setTimeout(r, 500))
    const trials = (JSON.parse(readFileSync(path, 'utf8')) as { studies: { trials: { state: string }[] }[] }).studies[0]?.trials ?? []
    child.proc.kill('SIGKILL')
    await child.exited
    expect(trials.filter((t) => t.state === 'complete').length).toBeGreaterThan(0)
  })
})
