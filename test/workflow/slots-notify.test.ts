import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir, tunekit } from '../helpers/cli.js'

const SLOTS = join(ROOT, 'test/fixtures/trainers/slot-recorder.mjs')
const QUAD = join(ROOT, 'test/fixtures/sweep/quadratic.mjs')
const NOTIFY = join(ROOT, 'test/fixtures/trainers/notify-log.mjs')

interface SlotRecord {
  trial: number
  slot: string
  env: string
  arg: string
  start: number
  end: number
}

describe('device slots and notifications', () => {
  it('4 slots x 12 trials: each running trial holds one slot (env and {slot}), freed on end, fail and timeout; parallel = 4', () => {
    const dir = tempDir()
    const logs = join(dir, 'logs')
    const file = join(dir, 'exp.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'slots',
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        objective: { metric: 'loss' },
        trainer: { command: [process.execPath, SLOTS, '{slot}'], timeoutSeconds: 4, killGraceSeconds: 2, env: { LOG_DIR: logs } },
        budget: { trials: 8, maxFailures: 20 },
        resources: { slots: ['0', '1', '2', '3'], env: 'CUDA_VISIBLE_DEVICES' },
      }),
    )
    mkdirSync(logs)
    const r = tunekit(['run', file])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/4 in parallel/)
    const records = readdirSync(logs).map((f) => JSON.parse(readFileSync(join(logs, f), 'utf8')) as SlotRecord)
    // 8 finished toward the budget plus the failures and timeouts: at least 12 trials (a failure near the end adds one).
    expect(records.length).toBeGreaterThanOrEqual(12)
    const stored = JSON.parse(tunekit(['report', join(dir, 'runs/slots.json'), '--format', 'json']).stdout) as {
      trials: { state: string; error: { reason: string } | null }[]
    }
    expect(stored.trials.length).toBe(records.length)
    expect(stored.trials.filter((t) => t.error?.reason === 'timeout').length).toBeGreaterThanOrEqual(2)
    for (const x of records) {
      expect(['0', '1', '2', '3']).toContain(x.slot)
      expect(x.env).toBe(x.slot)
      expect(x.arg).toBe(x.slot)
    }
    for (const a of records)
      for (const b of records)
        if (a !== b && a.slot === b.slot) expect(a.end <= b.start || b.end <= a.start, `trials ${a.trial} and ${b.trial} share slot ${a.slot}`).toBe(true)
    const events = records.flatMap((x) => [
      { t: x.start, d: 1 },
      { t: x.end, d: -1 },
    ])
    events.sort((a, b) => a.t - b.t || a.d - b.d)
    let now = 0
    let most = 0
    for (const e of events) {
      now += e.d
      most = Math.max(most, now)
    }
    expect(most).toBeGreaterThan(1)
    expect(most).toBeLessThanOrEqual(4)
    expect(new Set(records.map((x) => x.slot)).size).toBe(4)
  }, 90_000)

  it('notify runs its command with the trial as JSON on stdin on each new best and at the end', () => {
    const dir = tempDir()
    const log = join(dir, 'notices.jsonl')
    const file = join(dir, 'exp.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'note',
        space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
        objective: { metric: 'loss' },
        strategy: { name: 'random', seed: 4 },
        trainer: { command: [process.execPath, QUAD] },
        budget: { trials: 4 },
        notify: { command: [process.execPath, NOTIFY, log] },
      }),
    )
    const r = tunekit(['run', file])
    expect(r.code, r.stderr).toBe(0)
    const notices = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; trial: { number: number; value: number }; reason?: string })
    const report = JSON.parse(tunekit(['report', join(dir, 'runs/note.json'), '--format', 'json']).stdout) as { trials: { number: number; value: number }[] }
    const bests: number[] = []
    let best = Number.POSITIVE_INFINITY
    for (const t of report.trials) {
      if (t.value >= best) continue
      best = t.value
      bests.push(t.number)
    }
    expect(notices.filter((n) => n.event === 'best').map((n) => n.trial.number)).toEqual(bests)
    expect(notices.at(-1)).toMatchObject({ event: 'end', reason: 'budget', trial: { number: bests.at(-1), value: best } })

    const exp = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    writeFileSync(file, JSON.stringify({ ...exp, budget: { trials: 1 }, notify: { command: ['no-such-notifier-program'] } }))
    const bad = tunekit(['run', file, '--fresh'])
    expect(bad.code, bad.stderr).toBe(0)
    expect(bad.stderr).toMatch(/warning: notify: cannot run/)
  }, 60_000)
})
