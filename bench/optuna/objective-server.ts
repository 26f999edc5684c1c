/**
 * The suite's objectives for a process in another language (bench/optuna/run.py): reads one JSON line
 * `{"problem": name, "params": {...}}` per evaluation on stdin, writes the value (or null) as one line on stdout.
 * Usage: tsx bench/optuna/objective-server.ts <problems.json>
 */
import { createInterface } from 'node:readline'
import { loadSuite } from '../problems.js'

const suite = process.argv[2] ?? '../shared/bench/problems.json'
const byName = new Map(loadSuite(suite).map((p) => [p.name, p]))
const lines = createInterface({ input: process.stdin })
for await (const line of lines) {
  if (!line.trim()) continue
  const { problem, params } = JSON.parse(line) as { problem: string; params: Record<string, string | number | boolean> }
  const p = byName.get(problem)
  if (!p) throw new Error(`${suite}: no problem "${problem}"`)
  const v = p.objective(params)
  process.stdout.write(`${Number.isFinite(v) ? v : 'null'}\n`)
}
