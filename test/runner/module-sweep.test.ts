import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { resolveExperiment } from '../../src/experiment/load.js'
import { createStudy, EXHAUSTED, type Params, registerStrategy, type TrialRecord } from '../../src/index.js'
import { runSweep } from '../../src/runner/run-sweep.js'
import { ROOT, tempDir, tunekit, tunekitAsync } from '../helpers/cli.js'

const BEHAVE = join(ROOT, 'test/fixtures/modules/behave.mjs')

/** The params of trial n, set per test. */
let sequence: Params[] = []
registerStrategy('module-sequence', {
  description: 'the params of `sequence` by trial number (a test fixture)',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  create: () => ({ name: 'module-sequence', ask: ({ number }) => sequence[number] ?? EXHAUSTED }),
})

function sweep(params: Params[], extra: Record<string, unknown> = {}, trainer: Record<string, unknown> = {}) {
  sequence = params
  const names = Object.keys(params[0]!)
  const parameters = Object.fromEntries(names.map((n) => [n, { type: 'categorical', choices: [...new Set(params.map((p) => p[n]!))] }]))
  const dir = tempDir()
  return resolveExperiment(
    {
      name: 'module',
      space: { parameters },
      objective: { metric: 'loss', direction: 'minimize' },
      strategy: { name: 'module-sequence' },
      trainer: { module: BEHAVE, ...trainer },
      budget: { trials: params.length },
      parallel: 1,
      storage: join(dir, 'runs.json'),
      ...extra,
    },
    join(dir, 'exp.json'),
  ).then((exp) => runSweep(exp))
}

const overlap = (a: TrialRecord, b: TrialRecord): boolean => a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt!

describe('a module trainer on the worker-thread pool', () => {
  it('records every report as an intermediate value, and runs `parallel` trials at once on distinct threads', async () => {
    const s = await sweep(
      [
        { x: 0.3, steps: 4, step_ms: 60 },
        { x: 0.5, steps: 4, step_ms: 60 },
      ],
      { parallel: 2 },
      { options: { offset: 1 } },
    )
    const [a, b] = s.trials
    expect(a).toMatchObject({ state: 'complete', params: { x: 0.3 } })
    expect(a!.value).toBeCloseTo(1 + 1 / 4, 12)
    expect(a!.intermediate.map((i) => i.step)).toEqual([1, 2, 3, 4])
    expect(a!.intermediate[0]!.value).toBeCloseTo(2, 12)
    expect(b!.value).toBeCloseTo(0.04 + 1 + 1 / 4, 12)
    expect(a!.metrics.thread).not.toBe(b!.metrics.thread)
    expect(overlap(a!, b!)).toBe(true)
  })

  it('prunes through ctx.report: a trainer that returns when told to stop ends pruned, well before its last step', async () => {
    const s = await sweep(
      [
        { x: 0.3, steps: 20, step_ms: 15 },
        { x: 1, steps: 20, step_ms: 15 },
      ],
      { pruner: { name: 'median', startupTrials: 1, warmupSteps: 1 } },
    )
    expect(s.trials[0]!.state).toBe('complete')
    const pruned = s.trials[1]!
    expect(pruned.state).toBe('pruned')
    expect(pruned.intermediate.length).toBeGreaterThanOrEqual(1)
    expect(pruned.intermediate.length).toBeLessThan(10)
  })

  it('fails a trainer that never returns after timeoutSeconds (its thread terminated and replaced), a throw with its message, a TrialFailure with its reason', {
    timeout: 90_000,
  }, async () => {
    const t0 = Date.now()
    const s = await sweep([{ mode: 'hang' }, { mode: 'ok' }, { mode: 'throw' }, { mode: 'fail' }], {}, { timeoutSeconds: 0.5 })
    const [hang, ok, thrown, failure] = s.trials
    expect(hang).toMatchObject({ state: 'fail', error: { reason: 'timeout' } })
    expect(hang!.error!.message).toContain('terminated and replaced')
    expect(ok!.state, JSON.stringify(ok!.error)).toBe('complete')
    expect(thrown).toMatchObject({ state: 'fail', error: { reason: 'trainer error' } })
    expect(thrown!.error!.message).toMatch(/^Error: boom at x=0\.5/)
    expect(failure).toMatchObject({ state: 'fail', error: { reason: 'diverged', message: 'the loss went to infinity' } })
    // A hung thread costs its timeout and a thread start-up, never the sweep (generous: this machine may be shared).
    expect(Date.now() - t0).toBeLessThan(60_000)
  })

  it('study.optimize(url) runs the module on threads: parallel, pruning, the same checks', { timeout: 90_000 }, async () => {
    const study = await createStudy({
      space: { parameters: { x: { type: 'float', low: 0, high: 1 }, step_ms: { type: 'constant', value: 40 }, steps: { type: 'constant', value: 3 } } },
      strategy: { name: 'random', seed: 1 },
    })
    const url = pathToFileURL(BEHAVE)
    await study.optimize(url, { trials: 4, parallel: 2 })
    const trials = study.trials
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete'])
    for (const t of trials) expect(t.value).toBeCloseTo(((t.params.x as number) - 0.3) ** 2 + 1 / 3, 12)
    expect(new Set(trials.map((t) => t.metrics.thread)).size).toBe(2)
    expect(trials[0]!.intermediate).toHaveLength(3)
    const other = await createStudy({ space: { parameters: { y: { type: 'float', low: 0, high: 1 } } } })
    await expect(other.optimize(url, { trials: 1 })).rejects.toThrow(/the behave trainer has no parameter "y"/)
    await study.close()
    await other.close()
  })
})

describe('tunekit run with a module trainer', () => {
  it('resumes after SIGKILL: completed trials survive, the interrupted ones fail as interrupted, the budget is met', { timeout: 120_000 }, async () => {
    const dir = tempDir()
    const file = join(dir, 'exp.json')
    writeFileSync(join(dir, 'behave.mjs'), `export { default } from ${JSON.stringify(pathToFileURL(BEHAVE).href)}\n`)
    const write = (stepMs: number): void =>
      writeFileSync(
        file,
        JSON.stringify({
          name: 'resume',
          space: { parameters: { x: { type: 'float', low: 0, high: 1 }, step_ms: { type: 'constant', value: stepMs } } },
          objective: { metric: 'loss' },
          strategy: { name: 'random', seed: 2 },
          trainer: { module: './behave.mjs' },
          budget: { trials: 8 },
          parallel: 2,
        }),
      )
    write(100)
    const first = tunekitAsync(['run', file])
    const end = Date.now() + 30_000
    while ((first.output().stderr.match(/ complete loss=/g) ?? []).length < 2) {
      if (Date.now() > end) throw new Error(`timed out: ${first.output().stderr}`)
      await new Promise((r) => setTimeout(r, 25))
    }
    first.child.kill('SIGKILL')
    await first.done
    const stored = (): TrialRecord[] =>
      (JSON.parse(readFileSync(join(dir, 'runs/resume.json'), 'utf8')) as { studies: { trials: TrialRecord[] }[] }).studies[0]!.trials
    const before = stored().filter((t) => t.state === 'complete')
    expect(before.length).toBeGreaterThanOrEqual(2)
    expect(before.length).toBeLessThan(8)
    const second = tunekit(['run', file])
    expect(second.code, second.stderr).toBe(0)
    const after = stored()
    for (const t of before) expect(after.find((a) => a.number === t.number)).toMatchObject({ state: 'complete', value: t.value })
    expect(after.filter((t) => t.state === 'complete')).toHaveLength(8)
    for (const t of after.filter((a) => a.state === 'fail')) expect(t.error?.reason).toBe('interrupted')
    expect(after.some((t) => t.state === 'running')).toBe(false)
  })
})
