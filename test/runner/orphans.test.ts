import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { processState } from '../../src/util/proc.js'
import { ROOT, tempDir, tunekit, tunekitAsync } from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Alive and able to run (a zombie, which kill(pid, 0) still finds, is not). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const state = processState(pid)
  return state !== 'Z' && state !== 'X'
}

function setup(sleepMs: number): { dir: string; exp: string; pids: () => number[] } {
  const dir = tempDir()
  const pidDir = join(dir, 'pids')
  mkdirSync(pidDir)
  const exp = join(dir, 'exp.json')
  writeExperiment(exp, pidDir, sleepMs)
  return { dir, exp, pids: () => readdirSync(pidDir).map((f) => Number(readFileSync(join(pidDir, f), 'utf8'))) }
}

function writeExperiment(exp: string, pidDir: string, sleepMs: number): void {
  writeFileSync(
    exp,
    JSON.stringify({
      name: 'orphans',
      space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      objective: { metric: 'loss', direction: 'minimize' },
      strategy: { name: 'random', seed: 1 },
      trainer: { command: [process.execPath, FIXTURE], env: { SLEEP_MS: String(sleepMs), PID_DIR: pidDir } },
      budget: { trials: 6 },
      parallel: 3,
      storage: 's.json',
    }),
  )
}

/** The children of a process (Linux). */
function children(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
}

describe.skipIf(process.platform !== 'linux')('trainers of a SIGKILLed tunekit (issue 11, item 4)', () => {
  it('stop within a few seconds: the supervisor sees its pipe from tunekit close', async () => {
    const { exp, pids } = setup(30_000)
    const run = tunekitAsync(['run', exp])
    await waitFor(() => pids().length === 3, 30_000)
    await new Promise((r) => setTimeout(r, 300))
    run.child.kill('SIGKILL')
    await run.done
    const killedAt = Date.now()
    const trainers = pids()
    await waitFor(() => trainers.every((p) => !running(p)), 8_000)
    expect(Date.now() - killedAt).toBeLessThan(5_000)
  }, 60_000)

  it('that outlived it (its supervisor killed too) are killed by the resume, which says they were marked failed (interrupted)', async () => {
    const { dir, exp, pids } = setup(30_000)
    const run = tunekitAsync(['run', exp])
    await waitFor(() => pids().length === 3, 30_000)
    const pid = run.child.pid!
    await waitFor(() => children(pid).some((c) => readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('supervisor')), 10_000)
    const supervisor = children(pid).find((c) => readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('supervisor'))!
    process.kill(supervisor, 'SIGKILL')
    run.child.kill('SIGKILL')
    await run.done
    const trainers = pids()
    await new Promise((r) => setTimeout(r, 500))
    expect(trainers.filter(running)).toEqual(trainers) // nothing else stopped them
    writeExperiment(exp, join(dir, 'pids-resume'), 0)
    mkdirSync(join(dir, 'pids-resume'))
    const resumed = tunekit(['run', exp, '--trials', '1'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toContain('3 left running by a stopped process marked failed (interrupted): 0, 1, 2')
    expect(trainers.filter(running)).toEqual([])
  }, 60_000)
})
