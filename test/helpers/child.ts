import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCRIPT = fileURLToPath(new URL('./store-child.ts', import.meta.url))

export interface Child {
  readonly proc: ChildProcess
  /** The child's ready line, parsed; rejects if it exits first. */
  readonly ready: Promise<{ pid: number; params?: Record<string, unknown>[] }>
  /** Resolves with the exit code (or the signal) once the child is gone. */
  readonly exited: Promise<number | string>
  /** Everything it wrote to stderr so far. */
  stderr(): string
}

/** Runs test/helpers/store-child.ts in a real second Node process (through tsx, so it uses src, not dist). */
export function spawnStoreChild(mode: 'hold' | 'crash' | 'churn', store: string, args?: unknown): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode, store, ...(args === undefined ? [] : [JSON.stringify(args)])], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  const ready = new Promise<{ pid: number; params?: Record<string, unknown>[] }>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line) as { pid: number })
    })
    void exited.then((code) => reject(new Error(`child exited (${code}) before it was ready: ${err}`)))
  })
  return { proc, ready, exited, stderr: () => err }
}
