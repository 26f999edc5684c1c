/**
 * `tunekit report` and `tunekit compare` as a user runs them: the real CLI in a child process on stores written
 * through the public API, including a store that a sweep is still writing (readers never take its lock).
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { command as compareCommand } from '../../src/cli/commands/compare.js'
import { command as reportCommand } from '../../src/cli/commands/report.js'
import { createStudy, openStorage, strategyNames, type Params } from '../../src/index.js'
import type { Comparison } from '../../src/report/compare.js'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'tunekit-cli-'))
const SEEDS = [1, 2, 3, 4, 5, 6]
const strategies = strategyNames().filter((s) => ['grid', 'random', 'qmc', 'tpe'].includes(s))

/** The CLI from source, as a user would start it during development. */
function tunekit(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, timeout: 60_000 })
}

const space = {
  parameters: {
    x: { type: 'float', low: -2, high: 2 },
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    act: { type: 'categorical', choices: ['relu', 'tanh'] },
  },
} as const

/** Cheap and deterministic: a bowl in x and log10(lr), and a small penalty for tanh. */
function objective(p: Params): number {
  return (Number(p.x) - 0.3) ** 2 + (Math.log10(Number(p.lr)) + 2) ** 2 / 4 + (p.act === 'relu' ? 0 : 0.2)
}

beforeAll(async () => {
  mkdirSync(join(dir, 'stores'))
  for (const strategy of strategies) {
    for (const seed of SEEDS) {
      const study = await createStudy({
        name: `${strategy}-seed${seed}`,
        space,
        strategy: { name: strategy, seed },
        storage: join(dir, 'stores', `${strategy}.json`),
      })
      await study.optimize(objective, { trials: 20 })
      await study.close()
    }
  }
  // An experiment file that names the random store; compare resolves it relative to the file.
  mkdirSync(join(dir, 'experiments'))
  writeFileSync(join(dir, 'experiments', 'random.json'), JSON.stringify({ name: 'random-sweep', storage: '../stores/random.json', space: 'whatever.json' }))
})

describe('tunekit compare', () => {
  it(`prints the statistical summary for ${strategies.join(', ')} with ${SEEDS.length} seeds each`, async () => {
    expect(strategies).toEqual(expect.arrayContaining(['grid', 'random', 'qmc']))
    const stores = strategies.map((s) => join(dir, 'stores', `${s}.json`))
    // The random store twice, once through its experiment file: it is read once.
    const { stdout } = await tunekit('compare', ...stores, join(dir, 'experiments', 'random.json'))
    expect(stdout).toContain(`${strategies.length * SEEDS.length} experiments, minimize value, grouped by strategy`)
    for (const s of strategies) expect(stdout).toMatch(new RegExp(`^${s}\\s+${SEEDS.length}\\s`, 'm'))
    const pairs = (strategies.length * (strategies.length - 1)) / 2
    expect(stdout).toContain(`final best values, Mann-Whitney U test (two-sided, p-values Holm-adjusted over ${pairs} tests; a difference when p < 0.05):`)
    const statements = stdout.split('\n').filter((l) => / (beats|vs) /.test(l))
    expect(statements).toHaveLength(pairs)
    for (const s of statements) {
      expect(s).toMatch(
        /^ {2}\S+ (beats \S+: median \S+ vs \S+, p [=<] [\d.]+, 6 runs each|vs \S+: no clear difference \(median \S+ vs \S+, p [=<] [\d.]+, 6 runs each\))$/,
      )
    }
    console.log(stdout)
  })

  it('writes JSON and HTML, groups by another field, and explains groups too small to test', async () => {
    const json = join(dir, 'compare.json')
    const stores = strategies.map((s) => join(dir, 'stores', `${s}.json`))
    expect(await compareCommand.run({ format: 'json', out: json }, stores)).toBe(0)
    const c = JSON.parse(readFileSync(json, 'utf8')) as Comparison
    expect(c.groups.map((g) => g.name).sort()).toEqual([...strategies].sort())
    expect(c.experiments.every((e) => e.curve.length === 20 && e.area !== null)).toBe(true)
    expect(c.groups.every((g) => g.band.median.length === 20)).toBe(true)

    // By study name, every group is one run: no test, and the reason.
    expect(await compareCommand.run({ format: 'json', out: json, 'group-by': 'name' }, stores.slice(0, 2))).toBe(0)
    const byName = JSON.parse(readFileSync(json, 'utf8')) as Comparison
    expect(byName.tests).toEqual([])
    expect(byName.skipped[0]!.statement).toMatch(
      /no test, because .* has 1 run with a result and .* has 1 run with a result; a rank test needs at least 3 runs per group/,
    )

    const html = join(dir, 'compare.html')
    expect(await compareCommand.run({ format: 'html', out: html }, stores)).toBe(0)
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/)
    await expect(compareCommand.run({ format: 'pdf' }, stores)).rejects.toThrow(/--format must be one of table, json, html/)
  })
})

describe('reading a store that a sweep is writing', () => {
  it("reports and compares without taking or touching the writer's lock", async () => {
    const store = join(dir, 'live.json')
    const writer = await openStorage(store) // holds <store>.lock, as a running sweep does
    const lock = `${store}.lock`
    const before = { text: readFileSync(lock, 'utf8'), ino: statSync(lock).ino, mtimeMs: statSync(lock).mtimeMs }
    const study = await createStudy({ name: 'live', space, strategy: { name: 'random', seed: 9 }, storage: writer })
    await study.optimize(objective, { trials: 15 })
    const lockEvents: string[] = []
    const watcher = watch(dir, (event, file) => {
      if (file?.endsWith('.lock')) lockEvents.push(`${event} ${file}`)
    })
    try {
      // The sweep goes on writing while the readers run.
      let writing = true
      const sweep = (async () => {
        while (writing) {
          await study.optimize(
            async (p) => {
              await new Promise((r) => setTimeout(r, 5))
              return objective(p)
            },
            { trials: 1 },
          )
        }
      })()
      const [report, json, compare] = await Promise.all([
        tunekit('report', store, '--format', 'html', '--out', join(dir, 'live.html')),
        tunekit('report', store, '--format', 'json'),
        tunekit('compare', store, '--format', 'json'),
      ]).finally(() => {
        writing = false
      })
      await sweep
      expect(report.stderr).toBe('')
      expect(readFileSync(join(dir, 'live.html'), 'utf8')).toContain('"kind":"report"')
      expect((JSON.parse(json.stdout) as { trials: unknown[] }).trials.length).toBeGreaterThanOrEqual(15)
      expect((JSON.parse(compare.stdout) as Comparison).experiments[0]!.trials).toBeGreaterThanOrEqual(15)
    } finally {
      watcher.close()
    }
    // The writer's lock is the one it took, untouched: no reader created, replaced, rewrote or removed it. ('change'
    // events and a later mtime can only be the writer's own refresh, every REFRESH_MS, which keeps the contents.)
    expect(lockEvents.filter((e) => !e.startsWith('change '))).toEqual([])
    expect({ text: readFileSync(lock, 'utf8'), ino: statSync(lock).ino }).toEqual({ text: before.text, ino: before.ino })
    if (lockEvents.length > 0) expect(statSync(lock).mtimeMs).toBeGreaterThan(before.mtimeMs)
    else expect(statSync(lock).mtimeMs).toBe(before.mtimeMs)
    expect(JSON.parse(before.text)).toMatchObject({ pid: process.pid })
    await study.close()
    await writer.close()
  })

  it('keeps the table, JSON and CSV formats of report as they were', async () => {
    const store = join(dir, 'stores', 'random.json')
    const out = join(dir, 'report.csv')
    expect(await reportCommand.run({ format: 'csv', out, experiment: 'random-seed1' }, [store])).toBe(0)
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toBe('number,state,value,param_x,param_lr,param_act,started_at,finished_at,duration_ms,error')
    expect(await reportCommand.run({ format: 'json', out, experiment: 'random-seed1' }, [store])).toBe(0)
    expect(Object.keys(JSON.parse(readFileSync(out, 'utf8')) as object)).toEqual(['experiment', 'trials', 'best'])
    await expect(reportCommand.run({ format: 'svg' }, [store])).rejects.toThrow(/--format must be one of table, json, csv, html/)
  })
})
