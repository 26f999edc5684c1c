import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Params, ParamSpec } from '../src/index.js'

/**
 * The six objectives of the shared benchmark suite (`problems.json`), each implemented exactly as its
 * `formula` says, with every constant. All are minimised. Parameters are read by name, so the functions
 * accept the params an ask returns.
 */
export type ObjectiveFn = (p: Readonly<Params>) => number

const num = (p: Readonly<Params>, name: string): number => {
  const v = p[name]
  if (typeof v !== 'number') throw new Error(`parameter "${name}" must be a number, got ${JSON.stringify(v)}`)
  return v
}
const str = (p: Readonly<Params>, name: string): string => {
  const v = p[name]
  if (typeof v !== 'string') throw new Error(`parameter "${name}" must be a string, got ${JSON.stringify(v)}`)
  return v
}
const pick = (table: Readonly<Record<string, number>>, key: string, what: string): number => {
  const v = table[key]
  if (v === undefined) throw new Error(`unknown ${what} "${key}"`)
  return v
}

/** Branin-Hoo on [-5, 10] x [0, 15]; three global minima of 10/(8*pi). */
export function branin(p: Readonly<Params>): number {
  const x1 = num(p, 'x1')
  const x2 = num(p, 'x2')
  const a = 1
  const b = 5.1 / (4 * Math.PI ** 2)
  const c = 5 / Math.PI
  const r = 6
  const s = 10
  const t = 1 / (8 * Math.PI)
  return a * (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - t) * Math.cos(x1) + s
}

const H_ALPHA = [1, 1.2, 3, 3.2]
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
]
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => 1e-4 * v))

/** Hartmann 6-D on [0, 1]^6 with the standard constants; minimum -3.32237. */
export function hartmann6(p: Readonly<Params>): number {
  const x = [1, 2, 3, 4, 5, 6].map((j) => num(p, `x${j}`))
  let total = 0
  for (let i = 0; i < 4; i++) {
    let inner = 0
    for (let j = 0; j < 6; j++) inner += H_A[i]![j]! * (x[j]! - H_P[i]![j]!) ** 2
    total += H_ALPHA[i]! * Math.exp(-inner)
  }
  return -total
}

/** Rosenbrock 4-D on [-2, 2]^4; minimum 0 at (1, 1, 1, 1). */
export function rosenbrock4(p: Readonly<Params>): number {
  const x = [1, 2, 3, 4].map((j) => num(p, `x${j}`))
  let total = 0
  for (let i = 0; i < 3; i++) total += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2
  return total
}

/** Ackley 5-D on [-32.768, 32.768]^5; minimum 0 at the origin. */
export function ackley5(p: Readonly<Params>): number {
  const x = [1, 2, 3, 4, 5].map((j) => num(p, `x${j}`))
  const n = x.length
  const meanSq = x.reduce((s, v) => s + v * v, 0) / n
  const meanCos = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / n
  return -20 * Math.exp(-0.2 * Math.sqrt(meanSq)) - Math.exp(meanCos) + 20 + Math.E
}

const LR_C: Readonly<Record<string, number>> = { sgd: -1.5, adam: -3.0, rmsprop: -2.5 }
const LR_OFF: Readonly<Record<string, number>> = { sgd: 0.3, adam: 0.0, rmsprop: 0.1 }

/** A learning-rate valley whose centre depends on the optimizer and the depth; minimum 0 at adam, 1e-3, 4 layers. */
export function lrLog(p: Readonly<Params>): number {
  const opt = str(p, 'optimizer')
  const lr = num(p, 'lr')
  const layers = num(p, 'n_layers')
  return (Math.log10(lr) - pick(LR_C, opt, 'optimizer') + 0.1 * (layers - 4)) ** 2 + 0.05 * (layers - 4) ** 2 + pick(LR_OFF, opt, 'optimizer')
}

const NN_BASE: Readonly<Record<string, number>> = { sgd: 0.27, adam: 0.25, rmsprop: 0.26 }
const NN_CENTER: Readonly<Record<string, number>> = { sgd: -1.3, adam: -3.0, rmsprop: -2.6 }
const NN_W: Readonly<Record<string, number>> = { sgd: 0.4, adam: 0.7, rmsprop: 0.5 }
const NN_OFF: Readonly<Record<string, number>> = { xavier: 0, he: 0.015, normal: 0.07, zeros: 0.55 }
const NN_SHIFT: Readonly<Record<string, number>> = { xavier: 0, he: 0.15, normal: -0.2, zeros: 0 }

/** A mock validation loss over learning rate, initialisation, optimizer, batch size and dropout; minimum 0.25. */
export function nnMixed(p: Readonly<Params>): number {
  const opt = str(p, 'optimizer')
  const init = str(p, 'init')
  const lr = num(p, 'lr')
  const batch = num(p, 'batch_size')
  const dropout = num(p, 'dropout')
  const u = Math.log10(lr) - pick(NN_CENTER, opt, 'optimizer') - pick(NN_SHIFT, init, 'init') - 0.5 * Math.log10(batch / 128)
  // The divergence side (too high a learning rate) is steeper.
  const d = u > 0 ? 1.5 * u : u
  const w = pick(NN_W, opt, 'optimizer')
  return (
    pick(NN_BASE, opt, 'optimizer') +
    pick(NN_OFF, init, 'init') +
    1.2 * (1 - Math.exp(-(d ** 2) / (2 * w ** 2))) +
    0.012 * (Math.log2(batch) - 7) ** 2 +
    0.25 * (dropout - 0.35) ** 2
  )
}

/** The objectives by problem name, as problems.json names them. */
export const objectives: Readonly<Record<string, ObjectiveFn>> = {
  branin,
  hartmann6,
  rosenbrock4,
  ackley5,
  lr_log: lrLog,
  nn_mixed: nnMixed,
}

/** One problem of the suite, with its objective attached. */
export interface BenchProblem {
  readonly name: string
  readonly group: string
  readonly budget: number
  readonly optimum: number
  readonly argmin: Readonly<Params>
  /** The bare parameter map of problems.json (wrap it as `{ parameters }` for a study). */
  readonly space: Readonly<Record<string, ParamSpec>>
  readonly objective: ObjectiveFn
}

interface SuiteFile {
  readonly problems: readonly Omit<BenchProblem, 'objective'>[]
}

/** Reads a problems.json (a path relative to the working directory) and attaches each problem's objective. */
export function loadSuite(path: string): BenchProblem[] {
  const suite = JSON.parse(readFileSync(resolve(path), 'utf8')) as SuiteFile
  return suite.problems.map((p) => {
    const objective = objectives[p.name]
    if (!objective) throw new Error(`${path}: no objective implemented for problem "${p.name}"`)
    return { ...p, objective }
  })
}
