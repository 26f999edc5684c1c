import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCommandTrial } from '../../src/runner/command/index.js'
import type { CommandTrainerSpec } from '../../src/trainers/command/index.js'
import type { ReportEvent, RunHooks, TrialJob } from '../../src/runner/types.js'
import type { Params } from '../../src/space/types.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/trainers/', import.meta.url))
const node = process.execPath
const fixture = (name: string): string => join(FIXTURES, name)
const tmp = mkdtempSync(join(tmpdir(), 'tunekit-command-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let files = 0
const tmpFile = (name: string): string => join(tmp, `${files++}-${name}`)

function job(params: Params = {}, metric = 'val_loss'): TrialJob {
  return { number: 7, params, seed: 12345, experiment: 'exp-a', metric }
}

/** Hooks that record every report; `prune(event)` decides whether to stop. */
function hooks(prune: (e: ReportEvent) => boolean = () => false, signal = new AbortController().signal): RunHooks & { events: ReportEvent[] } {
  const events: ReportEvent[] = []
  const onReport = (e: ReportEvent): boolean => {
    events.push(e)
    return prune(e)
  }
  return { events, signal, onReport }
}

/** Alive and not a zombie: here PID 1 may not reap orphans, and a zombie has already released everything. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!)
  } catch {
    return process.platform !== 'linux'
  }
}

const readPids = (file: string): { script: number; child?: number } => JSON.parse(readFileSync(file, 'utf8')) as { script: number; child?: number }

describe('runCommandTrial', () => {
  it('completes with the last objective and passes each report to onReport', async () => {
    const h = hooks()
    const out = await runCommandTrial({ command: [node, fixture('steps.mjs'), '3', '0'] }, job(), h)
    expect(out).toEqual({ state: 'complete', value: 0.125, metrics: { val_loss: 0.125, accuracy: 0.9 } })
    expect(h.events).toEqual([
      { step: 1, metrics: { val_loss: 0.5 } },
      { step: 2, metrics: { val_loss: 1 / 3 } },
      { step: 3, metrics: { val_loss: 0.25 } },
      { metrics: { val_loss: 0.125, accuracy: 0.9 } },
    ])
  })

  it('fails with the exit code and the stderr tail when the script crashes', async () => {
    const out = await runCommandTrial({ command: [node, fixture('crash.mjs')] }, job(), hooks())
    expect(out).toMatchObject({ state: 'fail', error: { reason: 'exit code 3' }, metrics: { val_loss: 0.7 } })
    if (out.state !== 'fail') throw new Error('expected a failure')
    expect(out.error.message).toContain('RuntimeError: CUDA out of memory')
    expect(out.error.stderrTail).toEqual(['Traceback (most recent call last):', '  File "train.py", line 42, in <module>', 'RuntimeError: CUDA out of memory'])
    expect(out.error.stdoutTail).toEqual([])
  })

  it('stops a hanging script and its child at the timeout, SIGKILL after the grace period', async () => {
    const pidFile = tmpFile('pids.json')
    // 3 s: on a loaded machine the script and its child need more than 1 s to start and say so.
    const spec: CommandTrainerSpec = { command: [node, fixture('hang.mjs'), 'hang'], timeoutSeconds: 3, killGraceSeconds: 1, env: { PID_FILE: pidFile } }
    const started = Date.now()
    const out = await runCommandTrial(spec, job(), hooks())
    const elapsed = Date.now() - started
    expect(out).toMatchObject({ state: 'fail', error: { reason: 'timeout' }, metrics: { val_loss: 1 } })
    if (out.state !== 'fail') throw new Error('expected a failure')
    expect(out.error.message).toContain('SIGKILL')
    expect(out.error.stderrTail).toContain('script: ignoring SIGTERM')
    expect(out.error.stdoutTail).toContain('child: up')
    expect(elapsed).toBeGreaterThanOrEqual(3900)
    expect(elapsed).toBeLessThan(9000)
    const pids = readPids(pidFile)
    expect(isAlive(pids.script)).toBe(false)
    expect(isAlive(pids.child!)).toBe(false)
  })

  it('says a report line was too long (over 64 KiB) instead of "no objective reported"', async () => {
    const script = "console.log(JSON.stringify({ val_loss: 0.5, blob: 'x'.repeat(70 * 1024) }))"
    const out = await runCommandTrial({ command: [node, '-e', script] }, job(), hooks())
    expect(out).toMatchObject({ state: 'fail', error: { reason: 'report line too long' } })
    if (out.state !== 'fail') throw new Error('expected a failure')
    expect(out.error.message).toMatch(/longer than 64 KiB/)
    // A short report after the long line is read as usual.
    const both = `${script}; console.log(JSON.stringify({ val_loss: 0.25 }))`
    expect(await runCommandTrial({ command: [node, '-e', both] }, job(), hooks())).toMatchObject({ state: 'complete', value: 0.25 })
  })

  it('kills what a script left running when it exits, and still completes', async () => {
    const pidFile = tmpFile('pids.json')
    const spec: CommandTrainerSpec = { command: [node, fixture('hang.mjs'), 'exit'], killGraceSeconds: 0.5, env: { PID_FILE: pidFile } }
    const out = await runCommandTrial(spec, job(), hooks())
    expect(out).toEqual({ state: 'complete', value: 0.5, metrics: { val_loss: 0.5 } })
    expect(isAlive(readPids(pidFile).child!)).toBe(false)
  })

  it.each([
    { mode: 'none', metric: 'val_acc', reason: 'no objective reported', said: '"val_acc"', metrics: { accuracy: 0.2, val_loss: 0.8 } },
    { mode: 'nan-string', metric: 'val_loss', reason: 'non-finite value', said: '"NaN"', metrics: { accuracy: 0.1, val_loss: 0.8 } },
    { mode: 'null', metric: 'val_loss', reason: 'non-finite value', said: 'null', metrics: { val_loss: 0.8 } },
  ])('fails on garbage output ($mode): $reason, logs kept', async ({ mode, metric, reason, said, metrics }) => {
    const out = await runCommandTrial({ command: [node, fixture('garbage.mjs'), mode] }, job({}, metric), hooks())
    expect(out).toMatchObject({ state: 'fail', error: { reason } })
    if (out.state !== 'fail') throw new Error('expected a failure')
    expect(out.metrics).toEqual(metrics)
    expect(out.error.message).toContain(said)
    // `{"val_loss": NaN}` (as Python writes it) is a report, overridden by the finite one after it; the rest is log.
    expect(out.error.stdoutTail).toEqual(['loading data...', '{not json at all}', '[1, 2, 3]', '\u0000\u0001 binary-ish \u00ff', 'done'])
  })

  it.each([
    { mode: 'nan-last', said: 'NaN', metrics: { val_loss: 0.6, accuracy: 0.3 } },
    { mode: 'inf-last', said: 'Infinity', metrics: { val_loss: 0.6 } },
    { mode: '-inf-last', said: '-Infinity', metrics: { val_loss: 0.6 } },
  ])('fails when the last report has a bare $said objective, as Python prints it ($mode)', async ({ mode, said, metrics }) => {
    const h = hooks()
    const out = await runCommandTrial({ command: [node, fixture('garbage.mjs'), mode] }, job(), h)
    expect(out).toMatchObject({ state: 'fail', error: { reason: 'non-finite value' } })
    if (out.state !== 'fail') throw new Error('expected a failure')
    // Metrics hold finite numbers only: the earlier finite val_loss stays, but it is not the trial's value.
    expect(out.metrics).toEqual(metrics)
    expect(out.error.message).toContain(`was ${said},`)
    expect(out.error.stdoutTail).not.toContain(expect.stringMatching(/^\{"val_loss"/))
    // Both bare-NaN lines were passed on as reports, with no non-finite metric in them.
    expect(h.events.at(-1)).toEqual({ metrics: mode === 'nan-last' ? { accuracy: 0.3 } : {} })
    expect(h.events[0]).toEqual({ metrics: {} })
  })

  it('reads NaN inside strings and log lines as text, not as a non-finite report', async () => {
    const h = hooks()
    const out = await runCommandTrial({ command: [node, fixture('garbage.mjs'), 'nan-text'] }, job(), h)
    expect(out).toEqual({ state: 'complete', value: 0.5, metrics: { val_loss: 0.5 } })
    expect(h.events.at(-1)).toEqual({ metrics: { val_loss: 0.5 } })
    // The early bare-NaN report, step 1 and the final one: the log lines mentioning NaN are not reports.
    expect(h.events).toHaveLength(3)
    // With another objective the run fails, and the stdout tail shows what was taken for log.
    const logs = await runCommandTrial({ command: [node, fixture('garbage.mjs'), 'nan-text'] }, job({}, 'val_acc'), hooks())
    expect(logs).toMatchObject({ state: 'fail', error: { reason: 'no objective reported' } })
    if (logs.state !== 'fail') throw new Error('expected a failure')
    expect(logs.error.stdoutTail).toEqual([
      'loading data...',
      '{not json at all}',
      '[1, 2, 3]',
      '\u0000\u0001 binary-ish \u00ff',
      'step 2: loss is NaN, retrying with {"val_loss": NaN} skipped',
      '[NaN, Infinity]',
      'done',
    ])
  })

  it('passes parameter values verbatim, without a shell, with the TUNEKIT_ environment', async () => {
    const dir = mkdtempSync(join(tmp, 'cwd-'))
    const echoFile = join(dir, 'echo.json')
    const params = {
      semi: 'a; rm -rf x',
      sub: '$(touch pwned)',
      back: '`touch pwned`',
      quotes: `it's "quoted" \\ here`,
      space: 'two  words ',
      uni: 'héllo ☃',
      lr: 1e-7,
      flag: false,
    }
    const spec: CommandTrainerSpec = {
      command: [
        node,
        fixture('echo.mjs'),
        '--semi',
        '{semi}',
        '--sub={sub}',
        '{back}',
        '{quotes}',
        '{space}',
        '--uni={uni}',
        '{lr}',
        '{flag}',
        '--m',
        '{momentum}',
        '{"a": 1}',
      ],
      cwd: '.',
      env: { ECHO_FILE: echoFile, CUSTOM_VAR: 'custom $HOME' },
    }
    const out = await runCommandTrial(spec, job(params), hooks(), { baseDir: dir })
    expect(out).toMatchObject({ state: 'complete', value: 1 })
    const seen = JSON.parse(readFileSync(echoFile, 'utf8')) as Record<string, unknown>
    expect(seen).toEqual({
      argv: [
        '--semi',
        'a; rm -rf x',
        '--sub=$(touch pwned)',
        '`touch pwned`',
        `it's "quoted" \\ here`,
        'two  words ',
        '--uni=héllo ☃',
        '1e-7',
        'false',
        '{"a": 1}',
      ],
      params,
      trial: '7',
      experiment: 'exp-a',
      seed: '12345',
      custom: 'custom $HOME',
      cwd: dir,
    })
    expect(readdirSync(dir)).toEqual(['echo.json'])
    expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false)
  })

  it('stops the process when onReport asks to prune', async () => {
    const pidFile = tmpFile('pids.json')
    const h = hooks((e) => e.step === 2)
    const out = await runCommandTrial({ command: [node, fixture('steps.mjs'), '100', '50'], env: { PID_FILE: pidFile } }, job(), h)
    expect(out).toEqual({ state: 'pruned', metrics: { val_loss: 1 / 3 } })
    expect(h.events.map((e) => e.step)).toEqual([1, 2])
    expect(isAlive(readPids(pidFile).script)).toBe(false)
  })

  it('fails as interrupted when the sweep aborts', async () => {
    const pidFile = tmpFile('pids.json')
    const ac = new AbortController()
    const h = hooks((e) => {
      if (e.step === 1) setTimeout(() => ac.abort(), 50)
      return false
    }, ac.signal)
    const out = await runCommandTrial({ command: [node, fixture('steps.mjs'), '100', '50'], env: { PID_FILE: pidFile } }, job(), h)
    expect(out).toMatchObject({ state: 'fail', error: { reason: 'interrupted' } })
    expect(out.metrics?.val_loss).toBeGreaterThan(0)
    expect(isAlive(readPids(pidFile).script)).toBe(false)
    // Already aborted: nothing is started.
    expect(await runCommandTrial({ command: [node, fixture('steps.mjs')] }, job(), hooks(undefined, ac.signal))).toMatchObject({
      error: { reason: 'interrupted' },
    })
  })

  it.each([
    { when: 'in a microtask', abort: (ac: AbortController) => queueMicrotask(() => ac.abort()) },
    { when: 'in setImmediate', abort: (ac: AbortController) => setImmediate(() => ac.abort()) },
    { when: 'after 0 ms', abort: (ac: AbortController) => setTimeout(() => ac.abort(), 0) },
    { when: 'after 30 ms', abort: (ac: AbortController) => setTimeout(() => ac.abort(), 30) },
  ])('fails as interrupted, promptly, when the sweep aborts while the trial is starting ($when)', async ({ abort }) => {
    const pidFile = tmpFile('pids.json')
    const ac = new AbortController()
    const h = hooks(undefined, ac.signal)
    const started = Date.now()
    // 100 steps of 50 ms: about 5 s if the abort went unseen.
    const running = runCommandTrial({ command: [node, fixture('steps.mjs'), '100', '50'], env: { PID_FILE: pidFile } }, job(), h)
    abort(ac)
    const out = await running
    expect(out).toMatchObject({ state: 'fail', error: { reason: 'interrupted' } })
    expect(Date.now() - started).toBeLessThan(2000)
    // Either it never started or it was stopped and is gone.
    if (existsSync(pidFile)) expect(isAlive(readPids(pidFile).script)).toBe(false)
  })

  it('keeps only the last 50 lines of each stream, whole and bounded', async () => {
    const out = await runCommandTrial({ command: [node, fixture('chatty.mjs')] }, job(), hooks())
    expect(out).toMatchObject({ state: 'fail', error: { reason: 'exit code 1' } })
    if (out.state !== 'fail') throw new Error('expected a failure')
    const expectedOut = Array.from({ length: 49 }, (_, k) => (k + 72 === 100 ? `${'x'.repeat(2000)} …[truncated]` : `out line ${k + 72} ☃`))
    expect(out.error.stdoutTail).toEqual([...expectedOut, 'last ☃ without newline'])
    expect(out.error.stderrTail).toEqual(Array.from({ length: 50 }, (_, k) => `err line ${k + 71}`))
  })

  it('fails with "cannot start" for a missing program, a non-executable file or a missing cwd', async () => {
    const missing = await runCommandTrial({ command: ['tunekit-no-such-program', '{x}'] }, job({ x: 1 }), hooks())
    expect(missing).toMatchObject({ state: 'fail', error: { reason: 'cannot start' } })
    expect(missing.state === 'fail' && missing.error.message).toMatch(/"tunekit-no-such-program".*PATH/)

    const script = tmpFile('train.sh')
    writeFileSync(script, '#!/bin/sh\necho \'{"val_loss": 1}\'\n')
    chmodSync(script, 0o644)
    const denied = await runCommandTrial({ command: [script] }, job(), hooks())
    expect(denied).toMatchObject({ state: 'fail', error: { reason: 'cannot start' } })
    expect(denied.state === 'fail' && denied.error.message).toMatch(/permission denied.*chmod \+x/)

    const nul = await runCommandTrial({ command: [node, '{x}'] }, job({ x: 'a\u0000b' }), hooks())
    expect(nul).toMatchObject({ state: 'fail', error: { reason: 'cannot start' } })

    const noDir = await runCommandTrial({ command: [node, fixture('steps.mjs')], cwd: 'no-such-dir' }, job(), hooks(), { baseDir: tmp })
    expect(noDir).toMatchObject({ state: 'fail', error: { reason: 'cannot start' } })
    expect(noDir.state === 'fail' && noDir.error.message).toContain(join(tmp, 'no-such-dir'))
  })

  it('stops the process, then rejects, when onReport throws', async () => {
    const pidFile = tmpFile('pids.json')
    const h = hooks(() => {
      throw new Error('storage is gone')
    })
    await expect(runCommandTrial({ command: [node, fixture('steps.mjs'), '100', '50'], env: { PID_FILE: pidFile } }, job(), h)).rejects.toThrow(
      'storage is gone',
    )
    expect(h.events).toHaveLength(1)
    expect(isAlive(readPids(pidFile).script)).toBe(false)
  })

  it('reports a death by signal', async () => {
    const out = await runCommandTrial(
      { command: [node, '-e', 'console.log(\'{"step":1,"val_loss":1}\'); process.kill(process.pid, \'SIGKILL\')'] },
      job(),
      hooks(),
    )
    expect(out).toMatchObject({ state: 'fail', error: { reason: 'killed by SIGKILL' }, metrics: { val_loss: 1 } })
  })
})
