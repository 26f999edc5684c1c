/**
 * The trainers' supervisor: a small process of its own (one per tunekit process, in its own process group) that
 * outlives a SIGKILLed tunekit just long enough to stop its trainers. tunekit writes "+<pgid>" when a trainer's group
 * starts and "-<pgid>" when it is seen through to its end; when the pipe closes (tunekit exited, however) every group
 * still listed gets SIGTERM, then SIGKILL after GRACE_MS. It imports nothing, so it starts in a few milliseconds.
 */
const GRACE_MS = 2_000
const POLL_MS = 50

const groups = new Set<number>()
let buffer = ''

// Ctrl-C or a TERM meant for tunekit is not for us: we stop when tunekit is gone, after its trainers.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {})

process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => {
  buffer += chunk
  const lines = buffer.split('\n')
  buffer = lines.pop() ?? ''
  for (const line of lines) {
    const pgid = Number(line.slice(1))
    if (!Number.isInteger(pgid) || pgid <= 1) continue
    if (line.startsWith('+')) groups.add(pgid)
    else if (line.startsWith('-')) groups.delete(pgid)
  }
})
process.stdin.on('close', stopAll)
process.stdin.on('end', stopAll)
process.stdin.on('error', stopAll)

let stopping = false
function stopAll(): void {
  if (stopping) return
  stopping = true
  for (const g of groups) signal(g, 'SIGTERM')
  const start = Date.now()
  const poll = setInterval(() => {
    for (const g of groups) if (!signal(g, 0)) groups.delete(g)
    if (groups.size === 0 || Date.now() - start >= GRACE_MS) {
      for (const g of groups) signal(g, 'SIGKILL')
      clearInterval(poll)
      process.exit(0)
    }
  }, POLL_MS)
}

function signal(pgid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, sig)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
