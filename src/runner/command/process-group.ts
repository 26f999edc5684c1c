import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { forgetGroup, recordGroup } from './group-registry.js'

/** How often a stopping group is checked for being gone. */
const POLL_MS = 50
/** After SIGKILL, how long to wait for the group to vanish before giving up (it only has to be scheduled). */
const AFTER_KILL_MS = 1_000

/** Sends a signal to every process of the group led by `pid`; false when the group no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal)
    return true
  } catch (e) {
    // EPERM means some member exists that we may not signal: still there, nothing more we can do.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/**
 * Whether the group still has a member that can run. A killed orphan stays a zombie, which `kill`
 * still finds, when PID 1 does not reap (containers without an init, some sandboxes); on Linux /proc
 * tells zombies apart, elsewhere a zombie only makes the caller wait out the grace period.
 */
export function groupAlive(pid: number): boolean {
  if (!signalGroup(pid, 0)) return false
  if (process.platform !== 'linux') return true
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return true
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so count from the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(pgrp) === pid && state !== 'Z' && state !== 'X') return true
  }
  return false
}

/**
 * Stops a whole process group: SIGTERM, then SIGKILL once `graceMs` has passed with any member left.
 * Resolves with whether SIGKILL was needed, once the group is gone (or a short while after SIGKILL).
 */
export function terminateGroup(pid: number, graceMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (!signalGroup(pid, 'SIGTERM')) return resolve(false)
    const start = Date.now()
    let killedAt: number | undefined
    const poll = setInterval(() => {
      if (!groupAlive(pid)) {
        clearInterval(poll)
        resolve(killedAt !== undefined)
      } else if (killedAt === undefined && Date.now() - start >= graceMs) {
        killedAt = Date.now()
        signalGroup(pid, 'SIGKILL')
      } else if (killedAt !== undefined && Date.now() - killedAt >= AFTER_KILL_MS) {
        clearInterval(poll)
        resolve(true)
      }
    }, POLL_MS)
  })
}

const live = new Set<number>()
let exitHookInstalled = false

/**
 * Against orphans: groups still running when this process exits (normally, by `process.exit`, or after an uncaught
 * error) get SIGKILL from a synchronous 'exit' listener. When this process is SIGKILLed, nothing of it runs: then the
 * supervisor (supervisor.ts), which sees its pipe from us close, stops them within a few seconds; and the groups are
 * recorded (group-registry.ts), so that the next sweep kills any that outlived both.
 */
export function trackGroup(pid: number): void {
  live.add(pid)
  tellSupervisor(`+${pid}\n`)
  recordGroup(pid)
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.on('exit', () => {
      for (const p of live) signalGroup(p, 'SIGKILL')
    })
  }
}

/** Called once a group has been seen through to its end. */
export function untrackGroup(pid: number): void {
  if (!live.delete(pid)) return
  tellSupervisor(`-${pid}\n`)
  forgetGroup(pid)
}

/** The supervisor, started with the first trainer; null when it could not be started (trainers then run without). */
let supervisor: ChildProcess | null | undefined

function tellSupervisor(line: string): void {
  supervisor ??= startSupervisor()
  if (supervisor?.stdin?.writable) supervisor.stdin.write(line)
}

function startSupervisor(): ChildProcess | null {
  // From the TypeScript sources (tests, benchmarks), the supervisor's source runs through tsx.
  const source = import.meta.url.endsWith('.ts')
  const file = fileURLToPath(new URL(source ? './supervisor.ts' : './supervisor.js', import.meta.url))
  const loader = source ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : []
  try {
    // Its own process group: a signal to ours (Ctrl-C, kill of the group) must leave it to stop the trainers.
    const child = spawn(process.execPath, [...loader, file], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] })
    child.on('error', () => {
      supervisor = null
    })
    child.stdin!.on('error', () => {})
    // Neither the process nor its pipe may keep this process alive.
    child.unref()
    ;(child.stdin as unknown as Socket).unref()
    return child
  } catch {
    return null
  }
}
