import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TRAINER = fileURLToPath(new URL('../fixtures/trainers/dashboard-trainer.mjs', import.meta.url))

/** An experiment file in `dir` whose trainer is a command (dashboard-trainer.mjs); its store is `store`. */
export function commandExperiment(dir: string, options: { trials: number; store: string; name?: string }): string {
  const file = join(dir, `${options.name ?? 'live'}.experiment.json`)
  writeFileSync(
    file,
    JSON.stringify({
      name: options.name ?? 'live',
      space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
      objective: { metric: 'val_loss', direction: 'minimize' },
      strategy: { name: 'random', seed: 4 },
      trainer: { command: [process.execPath, TRAINER], timeoutSeconds: 30 },
      budget: { trials: options.trials },
      parallel: 1,
      storage: options.store,
    }),
  )
  return file
}

/** `tunekit run FILE ...args` in another process (from source, through tsx), its output collected. */
export function runInChild(file: string, args: readonly string[] = [], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  let out = ''
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'run', file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  return { child, output: () => out }
}

/** Waits until `check` returns a value (not undefined), polling every 50 ms, or fails after `ms`. */
export async function until<T>(check: () => T | undefined | Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A GET with any Host header (fetch may not set one), for the DNS-rebinding check. */
export async function getWithHost(url: string, host: string): Promise<number> {
  const { request } = await import('node:http')
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Host: host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}
