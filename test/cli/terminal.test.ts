import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { etaMs, renderBar, type BarState } from '../../src/cli/progress-bar.js'
import { createProgress } from '../../src/cli/progress.js'
import { parseExperiment } from '../../src/experiment/load.js'
import type { SweepEvent } from '../../src/runner/events.js'
import type { TrialRecord } from '../../src/index.js'
import { reportTable } from '../../src/report/table.js'
import { escapeControl } from '../../src/util/text.js'
import { askSequence } from '../helpers/study.js'
import { CLI, ROOT, tempDir, tunekit } from '../helpers/cli.js'

const ESCAPES = join(ROOT, 'test/fixtures/trainers/escapes.mjs')
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

/** A terminal stand-in: what was written, as a TTY of the given width. */
function fakeTty(columns: number): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY: true,
    columns,
    text: '',
    write(chunk: string): boolean {
      s.text += chunk
      return true
    },
  }
  return s as unknown as NodeJS.WriteStream & { text: string }
}

function exp(overrides: Record<string, unknown> = {}) {
  return parseExperiment(
    {
      name: 'term',
      space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      objective: { metric: 'loss' },
      trainer: { command: ['node', 'train.js'] },
      budget: { trials: 400 },
      ...overrides,
    },
    join(ROOT, 'exp.json'),
  )
}

function trial(number: number, state: TrialRecord['state'], extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    number,
    state,
    params: { x: 0.5 },
    value: state === 'complete' ? 0.25 : null,
    metrics: {},
    intermediate: [],
    error: null,
    durationMs: 100,
    ...extra,
  } as unknown as TrialRecord
}

/** Issue 11, items 15, 17-20: what a person sees on a terminal. */
describe('the terminal', () => {
  let ci: string | undefined
  beforeEach(() => {
    ci = process.env.CI
    delete process.env.CI
  })
  afterEach(() => {
    if (ci !== undefined) process.env.CI = ci
  })

  it('escapes ESC, OSC, BEL and line breaks as \\x1b and the like (item 15)', () => {
    expect(escapeControl('a\u001b]0;t\u0007b\u009bc\nd')).toBe('a\\x1b]0;t\\x07b\\x9bc\\nd')
    expect(escapeControl('line 1\nline\t2\r', { multiline: true })).toBe('line 1\nline\t2\\r')
    expect(escapeControl('plain text, é, 漢字')).toBe('plain text, é, 漢字')
  })

  it('report --format table escapes choices and metric names (item 15)', () => {
    const study = {
      name: 'x',
      direction: 'minimize',
      metric: 'loss\u001b[8m',
      strategy: { name: 'random' },
      space: { parameters: {} },
      seed: 0,
      createdAt: '',
    } as const
    const text = reportTable(study as never, [trial(0, 'complete', { params: { act: '\u001b]0;owned\u0007relu' } })])
    expect(text).not.toMatch(RAW_CONTROL)
    expect(text).toContain('\\x1b]0;owned\\x07relu')
    expect(text).toContain('loss\\x1b[8m')
  })

  it('the ETA after a resume comes from this run rate, not from the stored trials (item 18)', () => {
    const s: BarState = { done: 212, total: 400, doneAtStart: 200, running: 4, failed: 0, pruned: 0, best: '1', startedAt: 0, now: 1700 }
    // 12 trials in 1.7 s: 188 left take about 26.6 s (counting the 200 stored ones said 1.5 s).
    expect(etaMs(s)).toBeCloseTo((1700 / 12) * 188, 6)
    expect(Number.isNaN(etaMs({ ...s, done: 200 }))).toBe(true)
  })

  it('fits the terminal width, dropping fields by priority and keeping best, elapsed and ETA at 80 columns (item 19)', () => {
    const s: BarState = { done: 212, total: 400, doneAtStart: 200, running: 4, failed: 3, pruned: 1, best: '0.012345 (#117)', startedAt: 0, now: 61_000 }
    for (const columns of [200, 120, 80, 60, 40, 20, 8]) {
      const line = renderBar(s, columns)
      expect(line.length, `${columns}: ${line}`).toBeLessThanOrEqual(columns - 1)
      expect(line).toContain('212/400')
    }
    const at80 = renderBar(s, 80)
    for (const f of ['best 0.012345 (#117)', '1m01s', 'ETA ']) expect(at80).toContain(f)
    expect(renderBar(s, 200)).toContain('running 4 | failed 3 | pruned 1')
    expect(renderBar(s, 200)).toMatch(/^[\u2588\u2591]{40} /)
    const at40 = renderBar(s, 40)
    expect(at40).toContain('ETA ')
    expect(at40).not.toContain('pruned')
  })

  it('on a TTY: a resume shows ETA ? until this run finishes a trial; Ctrl-C and the end clear the bar (items 18, 19)', async () => {
    const tty = fakeTty(80)
    const e = exp()
    const p = await createProgress(e, tty)
    p({ type: 'start', experiment: e, resumed: 200, interrupted: [], finished: 200 } as SweepEvent)
    p({ type: 'trial-start', number: 200, params: {} })
    expect(tty.text).toContain('200/400')
    expect(tty.text).toContain('ETA ?')
    p({ type: 'trial-end', trial: trial(200, 'complete'), best: { number: 200, value: 0.25 } as never })
    p.say('SIGINT: stopping running trials and saving the store (again to force)...')
    // The message starts on a cleared line, never after the bar's text.
    expect(tty.text).toContain('\r\u001b[2KSIGINT: stopping')
    p({
      type: 'end',
      summary: { reason: 'interrupted', trials: [trial(200, 'complete')], best: undefined, storage: 'runs/term.json', elapsedMs: 1000, done: 201 },
    })
    const end = tty.text.slice(tty.text.lastIndexOf('\r\u001b[2K') + 5)
    expect(end.startsWith('\ndone in')).toBe(true)
    expect(end).not.toContain('\u2591')
    expect(end).toContain('(1 finished in this run)')
    // The hint works in a clone (npx) and names every format.
    expect(end).toContain('npx tunekit report runs/term.json')
    expect(end).toContain('html')
  })

  it('plain lines (CI) escape trainer output, commands and choices (item 15)', async () => {
    const out = fakeTty(80)
    ;(out as { isTTY: boolean }).isTTY = false
    const e = exp({ trainer: { command: ['node', 'train\u001b[2J.js'] } })
    const p = await createProgress(e, out)
    p({ type: 'start', experiment: e, resumed: 0, interrupted: [], finished: 0 } as SweepEvent)
    p({ type: 'trial-end', trial: trial(0, 'fail', { error: { reason: 'exit 1', message: '\u001b]0;owned\u0007 boom' } as never }), best: undefined })
    p({
      type: 'end',
      summary: {
        reason: 'failures',
        trials: [trial(0, 'fail', { error: { reason: 'x\u0007' } as never })],
        best: undefined,
        storage: 'runs/t\u001b.json',
        elapsedMs: 1,
        done: 0,
      },
    })
    expect(out.text).not.toMatch(RAW_CONTROL)
    expect(out.text).toContain('\\x1b]0;owned\\x07 boom')
    expect(out.text).toContain('train\\x1b[2J.js')
  })

  it('tunekit run and report never print a raw control character from a trainer or a choice (item 15)', () => {
    const dir = tempDir()
    const file = join(dir, 'exp.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'esc',
        space: { parameters: { act: { type: 'categorical', choices: ['\u001b]0;title\u0007relu'] } } },
        objective: { metric: 'loss' },
        trainer: { command: [process.execPath, ESCAPES] },
        budget: { trials: 1, maxFailures: 1 },
      }),
    )
    const r = tunekit(['run', file])
    // No trial completed: exit 1 (item 16).
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).not.toMatch(RAW_CONTROL)
    expect(r.stderr).toContain('\\x1b')
    const report = tunekit(['report', join(dir, 'runs/esc.json')])
    expect(report.code, report.stderr).toBe(0)
    expect(report.stdout).not.toMatch(RAW_CONTROL)
    expect(report.stdout).toContain('\\x1b]0;title\\x07relu')
  })

  it('a grid sweep whose every trial fails exits 1 (item 16)', () => {
    const dir = tempDir()
    const file = join(dir, 'exp.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'allfail',
        space: { parameters: { n: { type: 'int', low: 1, high: 2 } } },
        objective: { metric: 'loss' },
        strategy: { name: 'grid' },
        trainer: { command: [process.execPath, ESCAPES] },
        budget: { trials: 5 },
      }),
    )
    const r = tunekit(['run', file])
    expect(r.stderr).toContain('grid exhausted')
    expect(r.stderr).toContain('no trial completed')
    expect(r.code, r.stderr).toBe(1)
  })

  it('report --format json into a pipe closed early (head -c 100) exits quietly (item 17)', async () => {
    const dir = tempDir()
    const store = join(dir, 'big.json')
    await askSequence({
      space: { parameters: { a_long_parameter_name: { type: 'float', low: 0, high: 1 }, another_long_name: { type: 'int', low: 0, high: 1e9 } } },
      strategy: { name: 'random', seed: 1 },
      n: 400,
      storage: store,
      name: 'big',
    })
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${CLI}" report "${store}" --format json | head -c 100 >/dev/null; echo "status \${PIPESTATUS[0]}" >&2`],
      {
        encoding: 'utf8',
      },
    )
    expect(r.stderr).not.toContain('EPIPE')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stderr.trim()).toBe('status 0')
  }, 60_000)

  it('did you mean: tunekit rn, --trails; tunekit help run shows the run help (item 20)', () => {
    const rn = tunekit(['rn'])
    expect(rn.code).toBe(2)
    expect(rn.stderr).toContain('did you mean "run"?')
    const trails = tunekit(['run', 'experiments/linreg-lr-init.json', '--trails', '5'])
    expect(trails.code).toBe(2)
    expect(trails.stderr).toContain('did you mean --trials?')
    const help = tunekit(['help', 'run'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('usage: tunekit run <experiment.json>')
    expect(help.stdout).toContain('--parallel N')
  })
})
