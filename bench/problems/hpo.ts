import type { Params } from '../../src/index.js'
import { type Entry, lookup, lookupPair, num, type PairEntry, pick, str } from './values.js'

/**
 * The suite's HPO-like problems without conditions: log-scale floats and ints, an all-integer lattice, and
 * many categoricals with interactions, each exactly as its `formula` in problems.json says.
 */

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

/**
 * A positive definite quadratic form over five integers on their natural scales (linear for layers, heads
 * and depth, log2 for units and batch); minimum 0 at layers 7, units 384, heads 6, depth 11, batch 128.
 */
export function intLattice(p: Readonly<Params>): number {
  const a = (num(p, 'layers') - 7) / 3
  const b = Math.log2(num(p, 'units') / 384) / 2
  const c = (num(p, 'heads') - 6) / 4
  const d = (num(p, 'depth') - 11) / 5
  const e = Math.log2(num(p, 'batch') / 128) / 2
  return a ** 2 + b ** 2 + c ** 2 + d ** 2 + e ** 2 + 0.8 * a * d + 0.6 * b * c - 0.5 * b * e
}

const CH_A: readonly Entry[] = [
  ['relu', 0],
  ['gelu', 0.02],
  ['tanh', 0.08],
  ['sigmoid', 0.2],
  ['swish', 0.03],
  ['elu', 0.05],
]
const CH_N: readonly Entry[] = [
  ['none', 0.12],
  ['batch', 0],
  ['layer', 0.03],
  ['group', 0.04],
]
const CH_W: readonly Entry[] = [
  [64, 0.15],
  [128, 0.07],
  [256, 0.02],
  [512, 0],
  [1024, 0.03],
]
const CH_P: readonly Entry[] = [
  [0, 0.04],
  [0.1, 0],
  [0.25, 0.02],
  [0.5, 0.1],
]
const CH_R: readonly Entry[] = [
  [true, 0],
  [false, 0.09],
  ['gated', 0.02],
]
const CH_Q: readonly Entry[] = [
  ['mean', 0.01],
  ['max', 0.03],
  ['attention', 0],
]
const CH_AN: readonly PairEntry[] = [
  ['gelu', 'layer', -0.08],
  ['swish', 'layer', -0.04],
  ['relu', 'layer', 0.03],
  ['sigmoid', 'batch', -0.05],
  ['tanh', 'none', -0.03],
]
const CH_WP: readonly PairEntry[] = [
  [1024, 0.25, -0.07],
  [1024, 0.5, -0.06],
  [1024, 0, 0.05],
  [64, 0.5, 0.08],
  [512, 0.25, -0.01],
]
const CH_RQ: readonly PairEntry[] = [
  ['gated', 'attention', -0.05],
  [false, 'attention', 0.04],
  [true, 'max', -0.01],
]
const CH_C: readonly Entry[] = [
  ['none', -3.5],
  ['batch', -2.5],
  ['layer', -3.0],
  ['group', -2.8],
]

/**
 * Main effects of six categoricals (width and dropout choices are numbers, residual's are true, false and
 * "gated") plus three pairwise interactions, a norm-dependent learning rate and label smoothing.
 * Minimum 0.22 at gelu, layer, 1024, 0.25, "gated", attention, lr 1e-3, smoothing 0.1; the best main
 * effects alone give only 0.3.
 */
export function categoricalHeavy(p: Readonly<Params>): number {
  const { activation, norm, width, dropout, residual, pooling } = p
  return (
    0.3 +
    lookup(CH_A, activation, 'activation') +
    lookup(CH_N, norm, 'norm') +
    lookup(CH_W, width, 'width') +
    lookup(CH_P, dropout, 'dropout') +
    lookup(CH_R, residual, 'residual') +
    lookup(CH_Q, pooling, 'pooling') +
    lookupPair(CH_AN, activation, norm) +
    lookupPair(CH_WP, width, dropout) +
    lookupPair(CH_RQ, residual, pooling) +
    0.5 * (Math.log10(num(p, 'lr')) - lookup(CH_C, norm, 'norm')) ** 2 +
    0.8 * (num(p, 'label_smoothing') - 0.1) ** 2
  )
}
