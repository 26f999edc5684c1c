/**
 * One worker process of the PostgreSQL benchmark: `node --import tsx bench/postgres-worker.ts <url> <study> <trials>`.
 * Opens the study (as `tunekit worker` does), prints a ready line, waits for "go" on stdin (so that process start-up
 * is not timed), runs <trials> trials of a trivial objective, and prints what it did with its start and end times.
 */
import { createInterface } from 'node:readline'
import { createStudy } from '../src/index.js'
import { BENCH_SPACE } from './postgres-space.js'

const [url, name, count] = process.argv.slice(2)
if (!url || !name || !count) throw new Error('usage: postgres-worker.ts <url> <study> <trials>')
const study = await createStudy({ name, space: BENCH_SPACE, strategy: { name: 'random', seed: 1 }, storage: url })
process.stdout.write(`${JSON.stringify({ ready: true })}\n`)
const lines = createInterface({ input: process.stdin })
for await (const line of lines) if (line.trim() === 'go') break
const startedAt = Date.now()
await study.optimize((p) => (p.x as number) ** 2, { trials: Number(count) })
const endedAt = Date.now()
await study.close()
process.stdout.write(`${JSON.stringify({ trials: Number(count), startedAt, endedAt })}\n`)
process.exit(0)
