import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isPidAlive } from '../../storage/worker-id.js'
import { processStart, processState } from '../../util/proc.js'

/**
 * A record, per tunekit process, of the trainer process groups it is running: a file in the temporary folder
 * (trainers are processes of this host), rewritten as groups start and end, removed when none is left. A sweep that
 * starts kills the groups recorded by a tunekit process that is gone (SIGKILLed, and its supervisor with it), before
 * it runs anything: they are trainers of a dead run.
 */
interface GroupsFile {
  readonly pid: number
  readonly started?: string
  readonly groups: readonly { readonly pgid: number; readonly started?: string }[]
}

const mine = new Map<number, string | undefined>()

function folder(): string {
  return join(tmpdir(), `tunekit-${process.getuid?.() ?? 'user'}`, 'trainer-groups')
}

function myFile(): string {
  return join(folder(), `${process.pid}.json`)
}

export function recordGroup(pgid: number): void {
  mine.set(pgid, processStart(pgid))
  save()
}

export function forgetGroup(pgid: number): void {
  if (mine.delete(pgid)) save()
}

function save(): void {
  try {
    if (mine.size === 0) {
      unlinkSync(myFile())
      return
    }
    mkdirSync(folder(), { recursive: true, mode: 0o700 })
    const data: GroupsFile = {
      pid: process.pid,
      ...optional('started', processStart(process.pid)),
      groups: [...mine].map(([pgid, started]) => ({ pgid, ...optional('started', started) })),
    }
    const tmp = `${myFile()}.tmp`
    writeFileSync(tmp, JSON.stringify(data))
    renameSync(tmp, myFile())
  } catch {
    // Best effort: the supervisor stops the trainers of a dead run anyway.
  }
}

/**
 * Kills every trainer group recorded by a tunekit process of this host that is gone; returns how many groups were
 * still there. A group is killed only if its leader is the recorded process (same start time) or gone with members
 * left: a pid reused since is never touched.
 */
export function killGroupsOfDeadRuns(): number {
  let entries: string[]
  try {
    entries = readdirSync(folder())
  } catch {
    return 0
  }
  let killed = 0
  for (const entry of entries) {
    if (!entry.endsWith('.json')) continue
    const file = join(folder(), entry)
    let data: GroupsFile
    try {
      data = JSON.parse(readFileSync(file, 'utf8')) as GroupsFile
    } catch {
      continue
    }
    if (data.pid === process.pid || ownerAlive(data)) continue
    for (const g of data.groups ?? []) {
      const leader = processStart(g.pgid)
      if (leader !== undefined && g.started !== undefined && leader !== g.started) continue
      try {
        process.kill(-g.pgid, 'SIGKILL')
        killed++
      } catch {
        // gone already
      }
    }
    try {
      unlinkSync(file)
    } catch {
      // another sweep cleaned it
    }
  }
  return killed
}

function ownerAlive(data: GroupsFile): boolean {
  if (!isPidAlive(data.pid)) return false
  const state = processState(data.pid)
  if (state === 'Z' || state === 'X') return false
  const started = processStart(data.pid)
  return data.started === undefined || started === undefined || started === data.started
}

function optional<K extends string>(key: K, value: string | undefined): { [k in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: string }
}
