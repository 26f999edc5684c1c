import { spawn } from 'node:child_process'
import type { Experiment } from '../experiment/types.js'
import type { TrialRecord } from '../trial/types.js'
import type { StopReason } from './events.js'

/** What a notify command reads on stdin: one JSON object. */
export type Notice =
  | { readonly event: 'best'; readonly experiment: string; readonly metric: string; readonly trial: TrialRecord }
  | {
      readonly event: 'end'
      readonly experiment: string
      readonly metric: string
      readonly reason: StopReason
      readonly trial: TrialRecord | null
      readonly done: number
    }

/** Longest a notify command may run before it is killed: a hung notifier never holds a sweep's end. */
const NOTIFY_TIMEOUT_MS = 30_000

/**
 * Runs the experiment's `notify` command (argv, never a shell; cwd the experiment's folder) once per notice, with the
 * notice as JSON on stdin, one at a time and in order. A command that fails or cannot start is reported through
 * `warn` and never stops the sweep; `drain()` waits for the ones under way (the sweep awaits it before it returns).
 */
export class Notifier {
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly exp: Experiment,
    private readonly warn: (message: string) => void,
  ) {}

  send(notice: Notice): void {
    const command = this.exp.notify?.command
    if (!command) return
    this.queue = this.queue.then(() => this.run(command, notice))
  }

  drain(): Promise<void> {
    return this.queue
  }

  private run(command: readonly string[], notice: Notice): Promise<void> {
    return new Promise((resolve) => {
      const [program, ...args] = command as [string, ...string[]]
      const child = spawn(program, args, { cwd: this.exp.dir, stdio: ['pipe', 'ignore', 'pipe'], timeout: NOTIFY_TIMEOUT_MS })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 2000) stderr += d.toString()
      })
      child.on('error', (e) => {
        this.warn(`notify: cannot run ${program}: ${e.message}; check "notify.command" in ${this.exp.file}`)
        resolve()
      })
      child.on('close', (code, signal) => {
        if (code !== 0 && code !== null) this.warn(`notify: ${program} exited with code ${code}${stderr ? `: ${errorLine(stderr)}` : ''}`)
        else if (signal) this.warn(`notify: ${program} was stopped (${signal})`)
        resolve()
      })
      child.stdin.on('error', () => {}) // a command that does not read stdin
      child.stdin.end(`${JSON.stringify(notice)}\n`)
    })
  }
}

/** The line of a failed command's stderr most likely to say why: the first that names an error, else the last. */
function errorLine(stderr: string): string {
  const lines = stderr.trim().split('\n')
  return (lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? '').trim()
}
