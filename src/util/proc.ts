import { readFileSync } from 'node:fs'

/**
 * What Linux's /proc says about a process; undefined elsewhere or when it cannot be read (gone, or no /proc).
 * "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so fields are counted from the last ')'.
 */
function statFields(pid: number): string[] | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** A process's state letter (R, S, D, Z for a zombie, X for dead, ...). */
export function processState(pid: number): string | undefined {
  return statFields(pid)?.[0]
}

let bootId: string | undefined

/**
 * When a process started, as "<boot id>:<clock ticks since boot>" (field 22 of /proc/<pid>/stat): two processes
 * with the same pid, one after the other, never share it, even across a reboot.
 */
export function processStart(pid: number): string | undefined {
  const ticks = statFields(pid)?.[19]
  if (ticks === undefined) return undefined
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    } catch {
      bootId = '?'
    }
  }
  return `${bootId}:${ticks}`
}
