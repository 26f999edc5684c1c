import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'

const token = randomBytes(3).toString('hex')

/** Names this process as a trial runner: "pid@host/token" (the token tells a reused pid apart). */
export function workerId(): string {
  return `${process.pid}@${hostname()}/${token}`
}

/** Marks the worker of a detached trial (see TrialInit.detached): judged by its heartbeat, not by its maker's pid. */
export const DETACHED = 'detached:'

/** Whether a process on this host is alive (EPERM: alive, but someone else's). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
