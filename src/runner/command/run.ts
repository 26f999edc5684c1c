import { spawn, type ChildProcess } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { resolve as resolvePath } from 'node:path'
import type { Metrics } from '../../trial/types.js'
import { failed, type TrialOutcome } from '../../trial/outcome.js'
import type { RunHooks, TrialJob } from '../types.js'
import { buildArgv } from '../../trainers/command/argv.js'
import { terminateGroup, trackGroup, untrackGroup } from './process-group.js'
import { parseReport, ReportLog } from './reports.js'
import { DEFAULT_KILL_GRACE_SECONDS, type CommandTrainerSpec } from '../../trainers/command/spec.js'
import { LineSplitter, MAX_LINE_CHARS, Tail } from './tail.js'

/** Where relative paths of the spec start from. */
export interface CommandRunOptions {
  /** The experiment file's folder; `spec.cwd` is resolved against it (default: the current directory). */
  readonly baseDir?: string
  /** The device slot the trial holds: in the {slot} placeholder, TUNEKIT_SLOT and `env` when given. */
  readonly slot?: { readonly value: string; readonly env?: string | undefined }
}

/** setTimeout fires at once for delays past 2^31-1 ms; a longer limit is as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1
/** If the pipes are still open this long after the group is gone, a process outside it holds them: stop waiting. */
const PIPE_DRAIN_MS = 1_000

/** Why tunekit stopped a run before it ended on its own. */
type KillReason = 'pruned' | 'timeout' | 'interrupted'

/**
 * Runs one trial as an external process (see {@link CommandTrainerSpec}): stdout lines that are JSON
 * objects are reports, everything else is log. Always settles, after the process and every process
 * of its group are gone; rejects only when `hooks.onReport` throws (after stopping the process).
 */
export async function runCommandTrial(spec: CommandTrainerSpec, job: TrialJob, hooks: RunHooks, options: CommandRunOptions = {}): Promise<TrialOutcome> {
  const slot = options.slot
  const argv = buildArgv(spec.command, slot ? { ...job.params, slot: slot.value } : job.params)
  const program = argv[0] ?? ''
  if (program === '') return cannotStart(program, 'the command is empty once inactive parameters are dropped; check trainer.command[0]')
  if (hooks.signal.aborted) return notStarted()
  const cwd = resolvePath(options.baseDir ?? process.cwd(), spec.cwd ?? '.')
  const dirProblem = await checkDirectory(cwd)
  // No abort listener yet: a Ctrl-C during the await above is only seen here (and again once listening).
  if (hooks.signal.aborted) return notStarted()
  if (dirProblem) return cannotStart(program, `${dirProblem}; check trainer.cwd (relative to the experiment file's folder)`)
  await spawnTurn()
  if (hooks.signal.aborted) return notStarted()
  // The store is tunekit's, not the trainer's: its URL may hold a database password.
  const { TUNEKIT_STORAGE: _store, ...inherited } = process.env
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...spec.env,
    TUNEKIT_PARAMS: JSON.stringify(job.params),
    TUNEKIT_TRIAL: String(job.number),
    TUNEKIT_EXPERIMENT: job.experiment,
    TUNEKIT_SEED: String(job.seed),
    ...(slot ? { TUNEKIT_SLOT: slot.value, ...(slot.env ? { [slot.env]: slot.value } : {}) } : {}),
  }
  return new CommandRun(spec, job, hooks, argv, cwd, env).run()
}

let spawnGate: Promise<void> = Promise.resolve()

/**
 * Waits for this trial's turn to spawn: one spawn per turn of the event loop. A spawn blocks the loop for a few
 * milliseconds, more on a loaded machine; hundreds in a row (a large `parallel` starting) left no room for a signal,
 * and SIGTERM waited 37 s at parallel 256 on 2 busy cores (1.3 s with this gate). Between turns the loop polls, so a
 * signal stops what has not spawned yet. On an idle machine a turn is well under a millisecond.
 */
function spawnTurn(): Promise<void> {
  const turn = spawnGate.then(() => new Promise<void>((resolve) => setImmediate(resolve)))
  spawnGate = turn
  return turn
}

/** The state of one running process; one instance per trial. */
class CommandRun {
  private child: ChildProcess | undefined
  private readonly stdoutTail = new Tail()
  private readonly stderrTail = new Tail()
  private readonly reports: ReportLog
  private readonly graceMs: number
  private stopReason: KillReason | undefined
  private hookError: { thrown: unknown } | undefined
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
  private termination: Promise<boolean> | undefined
  private sigkilled = false
  private settled = false
  /** Stdout lines that looked like reports but were longer than MAX_LINE_CHARS. */
  private longReports = 0
  private readonly timers = new Set<NodeJS.Timeout>()
  private settle: (outcome: TrialOutcome | { thrown: unknown }) => void = () => {}
  private readonly onAbort = (): void => this.stop('interrupted')

  constructor(
    private readonly spec: CommandTrainerSpec,
    private readonly job: TrialJob,
    private readonly hooks: RunHooks,
    private readonly argv: readonly string[],
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.reports = new ReportLog(job.metric)
    this.graceMs = (spec.killGraceSeconds ?? DEFAULT_KILL_GRACE_SECONDS) * 1000
  }

  run(): Promise<TrialOutcome> {
    return new Promise<TrialOutcome>((resolve, reject) => {
      this.settle = (result) => {
        if (this.settled) return
        this.settled = true
        for (const t of this.timers) clearTimeout(t)
        this.hooks.signal.removeEventListener('abort', this.onAbort)
        if (this.child?.pid !== undefined) untrackGroup(this.child.pid)
        if ('thrown' in result) reject(result.thrown)
        else resolve(result)
      }
      this.start()
    })
  }

  private start(): void {
    const [program, ...args] = this.argv
    // detached: the script leads a new process group, so stopping it reaches whatever it started.
    let child: ChildProcess
    try {
      child = spawn(program!, args, { cwd: this.cwd, env: this.env, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (e) {
      // Thrown, not emitted, for arguments Node refuses outright (a NUL byte in a parameter value).
      this.settle(cannotStart(program!, (e as Error).message))
      return
    }
    this.child = child
    child.on('error', (err: NodeJS.ErrnoException) => {
      // Only a failed spawn matters: we never signal through `child.kill` or use IPC.
      if (child.pid === undefined) this.settle(cannotStart(program!, spawnProblem(program!, err, this.cwd)))
    })
    if (child.pid !== undefined) trackGroup(child.pid)
    const stdout = new LineSplitter((line, cut) => this.onStdoutLine(line, cut))
    const stderr = new LineSplitter((line) => this.stderrTail.add(line))
    child
      .stdout!.setEncoding('utf8')
      .on('data', (chunk: string) => stdout.push(chunk))
      .on('end', () => stdout.flush())
    child
      .stderr!.setEncoding('utf8')
      .on('data', (chunk: string) => stderr.push(chunk))
      .on('end', () => stderr.flush())
    child.on('exit', (code, signal) => {
      this.exit = { code, signal }
      // Anything the script left running in its group is a stray: the trial ended with the script.
      void this.terminate()
    })
    child.on('close', () => {
      stdout.flush()
      stderr.flush()
      void this.terminate().then(() => this.settle(this.outcome()))
    })
    if (this.spec.timeoutSeconds !== undefined) {
      this.timer(() => this.stop('timeout'), Math.min(this.spec.timeoutSeconds * 1000, MAX_TIMER_MS))
    }
    this.hooks.signal.addEventListener('abort', this.onAbort, { once: true })
    // An abort that came before the listener fires no event: stop at once rather than run to the end.
    if (this.hooks.signal.aborted) this.stop('interrupted')
  }

  private onStdoutLine(line: string, cut = false): void {
    // A report longer than the line limit cannot be read: remember it, so a missing objective says why.
    if (cut && line.trimStart().startsWith('{')) this.longReports++
    const report = cut ? undefined : parseReport(line)
    if (!report) {
      this.stdoutTail.add(line)
      return
    }
    // Once the run is being stopped, what it still prints is no longer part of the trial.
    if (this.stopReason !== undefined || this.settled) return
    this.reports.add(report.raw, report.event.metrics)
    let prune: boolean
    try {
      prune = this.hooks.onReport(report.event)
    } catch (error) {
      this.hookError = { thrown: error }
      prune = true
    }
    if (prune) this.stop('pruned')
  }

  /** Pruning counts even after the script exited (its last reports may arrive later); a timeout or Ctrl-C then does not. */
  private stop(reason: KillReason): void {
    if (this.stopReason !== undefined || this.settled) return
    if (this.exit !== undefined && reason !== 'pruned') return
    this.stopReason = reason
    void this.terminate()
  }

  /** Starts stopping the process group, once; the promise says whether SIGKILL was needed. */
  private terminate(): Promise<boolean> {
    const pid = this.child?.pid
    if (pid === undefined) return Promise.resolve(false)
    this.termination ??= terminateGroup(pid, this.graceMs).then((killed) => {
      this.sigkilled = killed
      if (!this.settled) {
        this.timer(() => {
          this.child?.stdout?.destroy()
          this.child?.stderr?.destroy()
        }, PIPE_DRAIN_MS)
      }
      return killed
    })
    return this.termination
  }

  private timer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    this.timers.add(t)
  }

  private outcome(): TrialOutcome | { thrown: unknown } {
    if (this.hookError) return this.hookError
    const metrics: Metrics = { ...this.reports.metrics }
    if (this.stopReason === 'pruned') return { state: 'pruned', metrics }
    const program = this.argv[0]!
    const fail = (reason: string, message: string): TrialOutcome =>
      failed(reason, message, { metrics, stdoutTail: this.stdoutTail.toArray(), stderrTail: this.stderrTail.toArray() })
    const forced = this.sigkilled ? `; it ignored SIGTERM and was killed with SIGKILL after ${this.graceMs / 1000} s` : ''
    if (this.stopReason === 'timeout') return fail('timeout', `"${program}" ran longer than timeoutSeconds (${this.spec.timeoutSeconds} s)${forced}`)
    if (this.stopReason === 'interrupted') return fail('interrupted', `the sweep was interrupted and "${program}" was stopped${forced}`)
    const { code, signal } = this.exit ?? { code: null, signal: null }
    const lastErr = this.stderrTail.last()
    const said = lastErr ? `; last stderr line: ${lastErr}` : ''
    if (signal) {
      const hint = signal === 'SIGKILL' ? ' (by the system, e.g. for lack of memory, or by another process)' : ''
      return fail(`killed by ${signal}`, `"${program}" was killed by ${signal}${hint}${said}`)
    }
    if (code !== 0) return fail(`exit code ${code}`, `"${program}" exited with code ${code}${said}`)
    const value = this.reports.value()
    const metric = this.job.metric
    switch (value.kind) {
      case 'ok':
        return { state: 'complete', value: value.value, metrics }
      case 'missing':
        if (this.longReports > 0)
          return fail(
            'report line too long',
            `"${program}" printed ${this.longReports} JSON line(s) longer than ${MAX_LINE_CHARS / 1024} KiB, which are not read as reports, and no ` +
              `shorter report of the objective "${metric}": print each report as one JSON line under ${MAX_LINE_CHARS / 1024} KiB (write large data to a file)`,
          )
        return fail(
          'no objective reported',
          `"${program}" exited with code 0 without reporting the objective "${metric}": print a JSON line such as {"${metric}": 0.123} on stdout`,
        )
      case 'non-finite':
        return fail('non-finite value', `the last report of the objective "${metric}" was ${describeRaw(value.raw)}, not a finite number`)
    }
  }
}

/** A reported value as the script wrote it: NaN and ±Infinity by name (JSON.stringify would say null). */
function describeRaw(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : (JSON.stringify(raw) ?? String(raw))
}

function notStarted(): TrialOutcome {
  return failed('interrupted', 'the sweep was interrupted before the trial started')
}

function cannotStart(program: string, message: string): TrialOutcome {
  return failed('cannot start', program ? `cannot start "${program}": ${message}` : `cannot start: ${message}`)
}

function spawnProblem(program: string, err: NodeJS.ErrnoException, cwd: string): string {
  const where = program.includes('/') ? `relative to ${cwd}` : 'on the PATH'
  switch (err.code) {
    case 'ENOENT':
      return `no such program ${where}; check trainer.command[0] (give a full path if it is not on the PATH) and, for a script, the interpreter on its #! line`
    case 'EACCES':
      return 'permission denied; make it executable (chmod +x) or run it through its interpreter, e.g. ["python3", "train.py"]'
    default:
      return `${err.code ?? 'error'}: ${err.message}`
  }
}

async function checkDirectory(dir: string): Promise<string | undefined> {
  try {
    if (!(await stat(dir)).isDirectory()) return `the working directory ${dir} is not a directory`
  } catch (e) {
    return `the working directory ${dir} cannot be used (${(e as NodeJS.ErrnoException).code ?? String(e)})`
  }
  return undefined
}
