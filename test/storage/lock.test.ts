import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStorage, TunekitError } from '../../src/index.js'
import type { StudyRecord } from '../../src/index.js'
import { STALE_MS } from '../../src/storage/lock.js'
import { LowdbStorage } from '../../src/storage/lowdb.js'
import { processStart, processState } from '../../src/util/proc.js'
import { spawnStoreChild } from '../helpers/child.js'
import { tempDir } from '../helpers/study.js'

const dir = tempDir()
let n = 0
const freshPath = (): string => join(dir, `lock-${n++}.json`)

async function rejection(p: Promise<unknown>): Promise<TunekitError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof TunekitError)) throw new Error(`expected a TunekitError, got ${String(e)}`)
  return e
}

/** The pid of a process that has exited (and was reaped), so nothing answers to it. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  const pid = Number(r.stdout)
  expect(() => process.kill(pid, 0)).toThrow()
  return pid
}

const lockOf = (path: string): { pid: number; host: string } => JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as { pid: number; host: string }

const study: StudyRecord = {
  name: 's',
  direction: 'minimize',
  metric: 'loss',
  strategy: { name: 'random', seed: 1 },
  space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
  seed: 1,
  createdAt: new Date(0).toISOString(),
}

describe('lowdb store lock (one writing process per file)', () => {
  it('refuses a second writer while another process holds the store (STORE_LOCKED, naming the file and the process)', async () => {
    const path = freshPath()
    const child = spawnStoreChild('hold', path)
    const { pid } = await child.ready
    try {
      expect(lockOf(path).pid).toBe(pid)
      for (const attempt of [() => LowdbStorage.open(path), () => openStorage(path)]) {
        const e = await rejection(attempt())
        expect(e.code).toBe('STORE_LOCKED')
        expect(e.message).toContain(resolve(path))
        expect(e.message).toContain(String(pid))
        expect(e.format()).toContain(resolve(path))
      }
      // Refusing did not disturb the holder's lock.
      expect(lockOf(path).pid).toBe(pid)
    } finally {
      child.proc.stdin!.end()
      await child.exited
    }
    // The holder closed the store and removed its lock: now we may write.
    expect(existsSync(`${path}.lock`)).toBe(false)
    const s = await LowdbStorage.open(path)
    expect(lockOf(path).pid).toBe(process.pid)
    await s.close()
    expect(existsSync(`${path}.lock`)).toBe(false)
  })

  it('takes over the lock of a writer that was killed', async () => {
    const path = freshPath()
    const child = spawnStoreChild('hold', path)
    const { pid } = await child.ready
    child.proc.kill('SIGKILL')
    await child.exited
    expect(lockOf(path).pid).toBe(pid) // left behind: SIGKILL runs no exit hook
    const s = await LowdbStorage.open(path)
    expect(lockOf(path).pid).toBe(process.pid)
    await s.close()
  })

  it('takes over a lock file whose pid is dead', async () => {
    const path = freshPath()
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date(0).toISOString() }))
    const s = await LowdbStorage.open(path)
    expect(lockOf(path)).toMatchObject({ pid: process.pid, host: hostname() })
    await s.createStudy(study)
    await s.close()
    expect(existsSync(`${path}.lock`)).toBe(false)
  })

  it('takes over an empty lock file (a crash between creating and writing it)', async () => {
    const path = freshPath()
    writeFileSync(`${path}.lock`, '')
    const s = await LowdbStorage.open(path)
    expect(lockOf(path).pid).toBe(process.pid)
    await s.close()
  })

  it('does not take over a lock held on another host (its pid cannot be checked from here)', async () => {
    const path = freshPath()
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, since: new Date(0).toISOString() }))
    const e = await rejection(LowdbStorage.open(path))
    expect(e.code).toBe('STORE_LOCKED')
    expect(e.message).toContain(`not-${hostname()}`)
    expect(e.message).toContain('--take-over')
    expect(e.message).not.toMatch(/delete/i)
  })

  it('refuses a second writer in the same process, but openStorage shares one store between its users', async () => {
    const path = freshPath()
    const a = await LowdbStorage.open(path)
    expect((await rejection(LowdbStorage.open(path))).code).toBe('STORE_LOCKED')
    await a.close()

    const x = await openStorage(path)
    const y = await openStorage(path)
    await x.createStudy(study)
    expect(await y.getStudy('s')).toEqual(study)
    await x.close()
    expect(existsSync(`${path}.lock`)).toBe(true) // y still uses it
    await y.createTrial('s', { params: { x: 0.5 }, seed: 1, strategy: 'random' })
    await y.close()
    expect(existsSync(`${path}.lock`)).toBe(false)
  })
})

describe('lowdb store opened read-only', () => {
  it('never creates a lock file, and reads a store another process is writing', async () => {
    const path = freshPath()
    const child = spawnStoreChild('crash', path, { name: 'ro', space: study.space, strategy: { name: 'random', seed: 2 }, asks: 3, tells: 2 })
    const { pid } = await child.ready
    try {
      const r = await openStorage(path, { readonly: true })
      expect(r.readonly).toBe(true)
      expect(lockOf(path).pid).toBe(pid)
      const trials = await r.getTrials('ro')
      expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'running'])
      // A reader does not fail the writer's running trials.
      expect(await r.failStaleTrials('ro')).toEqual([])
      await r.close()
      expect(lockOf(path).pid).toBe(pid)
    } finally {
      child.proc.kill('SIGKILL')
      await child.exited
    }
  })

  it('never creates a lock file on a store nobody holds, and leaves the folder as it was', async () => {
    const path = freshPath()
    const w = await LowdbStorage.open(path)
    await w.createStudy(study)
    await w.close()
    const before = readdirSync(dir).sort()
    const bytes = readFileSync(path)
    const r = await LowdbStorage.open(path, { readonly: true })
    expect(existsSync(`${path}.lock`)).toBe(false)
    expect(await r.getStudy('s')).toEqual(study)
    await r.flush()
    await r.close()
    expect(readdirSync(dir).sort()).toEqual(before)
    expect(readFileSync(path).equals(bytes)).toBe(true)
  })

  it('refuses a store that does not exist (FILE_NOT_FOUND) and creates nothing', async () => {
    const path = freshPath()
    const e = await rejection(LowdbStorage.open(path, { readonly: true }))
    expect(e.code).toBe('FILE_NOT_FOUND')
    expect(e.message).toContain(path)
    expect(existsSync(path)).toBe(false)
    expect(existsSync(`${path}.lock`)).toBe(false)
  })

  // A store opened read-only (as reports open it) refuses every change with a typed error and keeps its data unchanged.
  it('refuses every write with a TunekitError and keeps its data unchanged', async () => {
    const path = freshPath()
    const w = await LowdbStorage.open(path)
    await w.createStudy(study)
    await w.createTrial('s', { params: { x: 0.1 }, seed: 1, strategy: 'random' })
    await w.close()
    const r = await LowdbStorage.open(path, { readonly: true })
    try {
      const before = structuredClone(await r.getTrials('s'))
      const writes: (() => Promise<unknown>)[] = [
        () => r.createTrial('s', { params: { x: 0.2 }, seed: 2, strategy: 'random' }),
        () => r.finishTrial('s', 0, { state: 'complete', value: 1 }),
        () => r.reportIntermediate('s', 0, 0, 1),
        () => r.createStudy({ ...study, name: 'other' }),
      ]
      for (const write of writes) {
        const e = await write().then(
          () => undefined,
          (err: unknown) => err,
        )
        expect(e, String(write)).toBeInstanceOf(TunekitError)
      }
      expect(await r.getTrials('s')).toEqual(before)
      expect(await r.getStudy('other')).toBeUndefined()
    } finally {
      await r.close()
    }
  })
})

/** A zombie: a child of `sh` that exits while `sh` (exec'd into a sleep) never reaps it. Returns its pid and a stop. */
async function zombie(): Promise<{ pid: number; stop: () => void }> {
  const sh = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] })
  const pid = await new Promise<number>((res) => sh.stdout!.once('data', (d: Buffer) => res(Number(String(d).trim()))))
  const end = Date.now() + 5000
  while (processState(pid) !== 'Z') {
    if (Date.now() > end) throw new Error(`no zombie (state ${processState(pid)})`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return { pid, stop: () => sh.kill('SIGKILL') }
}

function writeLock(path: string, info: Record<string, unknown>, ageMs = 0): void {
  writeFileSync(`${path}.lock`, JSON.stringify({ host: hostname(), since: new Date(0).toISOString(), ...info }))
  if (ageMs > 0) utimesSync(`${path}.lock`, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs))
}

describe.skipIf(process.platform !== 'linux')('lock owners that look alive but are gone (item 3)', () => {
  it('takes over the lock of a zombie (kill(pid, 0) still finds it)', async () => {
    const z = await zombie()
    try {
      expect(() => process.kill(z.pid, 0)).not.toThrow()
      const path = freshPath()
      writeLock(path, { pid: z.pid })
      const s = await LowdbStorage.open(path)
      expect(lockOf(path).pid).toBe(process.pid)
      await s.close()
    } finally {
      z.stop()
    }
  })

  it('takes over the lock of a reused pid (another start time), but not of its live owner', async () => {
    const live = spawn('sleep', ['30'], { stdio: 'ignore' })
    try {
      const path = freshPath()
      writeLock(path, { pid: live.pid, started: `${processStart(live.pid!)!.split(':')[0]}:1` })
      const s = await LowdbStorage.open(path)
      expect(lockOf(path).pid).toBe(process.pid)
      await s.close()
      // The same live process with its real start time owns the lock; so does one from a lock that records none.
      for (const started of [processStart(live.pid!), undefined]) {
        writeLock(path, { pid: live.pid, ...(started ? { started } : {}) })
        const e = await rejection(LowdbStorage.open(path, { takeOver: true }))
        expect(e.code).toBe('STORE_LOCKED')
        expect(e.message).toContain(`kill ${live.pid}`)
        expect(e.message).not.toMatch(/delete/i)
      }
    } finally {
      live.kill('SIGKILL')
    }
  })

  it('records its own start time in the lock', async () => {
    const path = freshPath()
    const s = await LowdbStorage.open(path)
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, started: processStart(process.pid) })
    await s.close()
  })
})

describe('--take-over (a lock from another host)', () => {
  it('takes it only once it has not been refreshed for STALE_MS', async () => {
    const path = freshPath()
    writeLock(path, { pid: 1, host: `not-${hostname()}` }, 1000)
    const e = await rejection(LowdbStorage.open(path, { takeOver: true }))
    expect(e.code).toBe('STORE_LOCKED')
    expect(e.message).toContain('refreshed 1 s ago')
    writeLock(path, { pid: 1, host: `not-${hostname()}` }, STALE_MS + 1000)
    expect((await rejection(LowdbStorage.open(path))).code).toBe('STORE_LOCKED') // never without the flag
    const s = await LowdbStorage.open(path, { takeOver: true })
    expect(lockOf(path)).toMatchObject({ pid: process.pid, host: hostname() })
    await s.close()
    expect(existsSync(`${path}.lock`)).toBe(false)
  })
})

describe('a writer that no longer holds its lock (item 2)', () => {
  it('stops before its next write when the lock file is deleted or taken, and leaves the store as the other writer has it', async () => {
    for (const how of ['deleted', 'taken'] as const) {
      const path = freshPath()
      const a = await LowdbStorage.open(path)
      await a.createStudy(study)
      await a.createTrial('s', { params: { x: 0.1 }, seed: 1, strategy: 'random' })
      await a.flush()
      unlinkSync(`${path}.lock`)
      const before = readFileSync(path, 'utf8')
      if (how === 'taken') writeLock(path, { pid: 4242, token: 'someone-else' })
      await a.createTrial('s', { params: { x: 0.2 }, seed: 2, strategy: 'random' })
      const e = await rejection(a.flush())
      expect(e.code).toBe('STORE_FAILED')
      expect(e.message).toContain(how === 'deleted' ? 'was deleted' : 'was taken by process 4242')
      expect(readFileSync(path, 'utf8')).toBe(before)
      await a.close().catch(() => {})
      // Closing never removes a lock that is not its own.
      expect(existsSync(`${path}.lock`)).toBe(how === 'taken')
    }
  })
})
