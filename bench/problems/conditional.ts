import type { Params } from '../../src/index.js'
import { num, pick, str } from './values.js'

/**
 * The suite's conditional spaces (chained and list-valued `when`, int `step`), each exactly as its
 * `formula` in problems.json says. A parameter is read only on the branch where it exists.
 */

/** A 0/1 categorical whose choices are the numbers 0 and 1. */
function bit(p: Readonly<Params>, name: string): 0 | 1 {
  const v = p[name]
  if (v !== 0 && v !== 1) throw new Error(`parameter "${name}" must be the number 0 or 1, got ${JSON.stringify(v)}`)
  return v
}

/**
 * Jenatton et al. (2017)'s tree-structured function, Ax's leaves, with x4..x7 in [-1, 1]:
 * x1 picks a branch (x2 with r8, or x3 with r9), and x2 / x3 picks the leaf's variable.
 * Minimum 0.1 at x1 = 0, x2 = 0, x4 = 0, r8 = 0; the leaves bottom out at 0.1, 0.2, 0.3, 0.4.
 */
export function jenatton(p: Readonly<Params>): number {
  if (bit(p, 'x1') === 0) {
    const r8 = num(p, 'r8')
    return bit(p, 'x2') === 0 ? num(p, 'x4') ** 2 + 0.1 + r8 : num(p, 'x5') ** 2 + 0.2 + r8
  }
  const r9 = num(p, 'r9')
  return bit(p, 'x3') === 0 ? num(p, 'x6') ** 2 + 0.3 + r9 : num(p, 'x7') ** 2 + 0.4 + r9
}

const LS_BASE: Readonly<Record<string, number>> = { constant: 0.34, step: 0.31, cosine: 0.29 }
const LS_LR0: Readonly<Record<string, number>> = { constant: 0.0006, step: 0.0012, cosine: 0.002 }
const LS_W: Readonly<Record<string, number>> = { constant: 0.6, step: 0.5, cosine: 0.4 }

/** The schedule's own penalty: none for constant, on step_gamma for step, on min_lr_ratio for cosine. */
function schedulePenalty(p: Readonly<Params>, schedule: string): number {
  switch (schedule) {
    case 'constant':
      return 0
    case 'step':
      return 0.2 * (num(p, 'step_gamma') - 0.3) ** 2
    case 'cosine':
      return 0.02 * Math.log10(num(p, 'min_lr_ratio') / 0.01) ** 2
    default:
      throw new Error(`unknown schedule "${schedule}"`)
  }
}

/**
 * A mock validation loss over a learning-rate schedule: warm-up (an int 0..2000 in steps of 100) lets a larger
 * learning rate work, a diagonal valley in (log lr, warmup). Minimum 0.29 at cosine, lr 0.002, warmup 600,
 * min_lr_ratio 0.01, weight_decay 3e-4.
 */
export function lrSchedule(p: Readonly<Params>): number {
  const schedule = str(p, 'schedule')
  const w = num(p, 'warmup') / 1000
  const u = Math.log10(num(p, 'lr') / pick(LS_LR0, schedule, 'schedule')) - 0.5 * (w - 0.6)
  const d = u > 0 ? 1.5 * u : u
  const W = pick(LS_W, schedule, 'schedule')
  return (
    pick(LS_BASE, schedule, 'schedule') +
    schedulePenalty(p, schedule) +
    1.2 * (1 - Math.exp(-(d ** 2) / (2 * W ** 2))) +
    0.06 * (w - 0.6) ** 2 +
    0.015 * Math.log10(num(p, 'weight_decay') / 3e-4) ** 2
  )
}

/** A Gaussian valley of width w: 0 at t = 0, rising to 1. */
function valley(t: number, w: number): number {
  return 1 - Math.exp(-(t ** 2) / (2 * w ** 2))
}

/**
 * A mock SVM validation error: gamma exists for rbf and poly, degree and coef0 for poly only, linear reads
 * only C. Minimum 0.08 at rbf, C 100, gamma 0.01; best poly 0.1, best linear 0.15 (easy to find: a trap).
 */
export function svmLike(p: Readonly<Params>): number {
  const kernel = str(p, 'kernel')
  const C = num(p, 'C')
  switch (kernel) {
    case 'linear':
      return 0.15 + 0.5 * valley(Math.log10(C) + 1, 0.8)
    case 'rbf': {
      const gamma = num(p, 'gamma')
      return 0.08 + 0.45 * valley(Math.log10(C * gamma), 0.5) + 0.02 * (Math.log10(gamma) + 2) ** 2
    }
    case 'poly': {
      const gamma = num(p, 'gamma')
      const degree = num(p, 'degree')
      const coef0 = num(p, 'coef0')
      return (
        0.1 +
        0.45 * valley(Math.log10(C) + degree * (Math.log10(gamma) + 1) - 1, 0.4) +
        0.03 * (Math.log10(gamma) + 1) ** 2 +
        0.012 * (degree - 3) ** 2 +
        0.08 * (coef0 - 0.5) ** 2
      )
    }
    default:
      throw new Error(`unknown kernel "${kernel}"`)
  }
}
