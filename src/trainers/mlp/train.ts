import { createRng, deriveSeed } from '../../util/rng.js'
import { shuffle } from '../data.js'
import { TrialFailure, TrialPrunedError } from '../../errors.js'
import type { Metrics } from '../types.js'
import { countCorrect, softmaxCrossEntropy, squaredError } from './loss.js'
import { Network } from './network.js'
import { overfittingMetrics } from '../overfitting.js'
import type { LrRangeSchedule } from '../types.js'
import { DEFAULT_GRADIENT_LIMITS, type GradientLimits, GradientMonitor } from './gradients.js'
import { createOptimizer } from './optimizers.js'
import type { MlpConfig } from './params.js'

/** Training data as the loop wants it: standardised features, class indices or standardised targets. */
export interface FitData {
  readonly task: 'classification' | 'regression'
  readonly features: number
  /** Classes (classification) or 1 (regression). */
  readonly outputs: number
  readonly xTrain: Float64Array
  readonly yTrain: Float64Array
  readonly xVal: Float64Array
  readonly yVal: Float64Array
  /** Regression: the training targets' standard deviation, to report RMSE in the target's own unit. */
  readonly targetScale: number
}

/** Past this the loss is treated as diverged (a sane run stays below ~10 in either task). */
const DIVERGED_LOSS = 1e10
/** Evaluation runs in chunks of at least this many rows, whatever the training batch size. */
const EVAL_CHUNK = 256

/** How the training loop is watched: gradient limits, and the learning-rate range test when one runs. */
export interface FitWatch {
  readonly gradients?: GradientLimits
  /** Set by `tunekit lr-find`: train for `steps` steps at `rate(step)`, reporting each batch's loss. */
  readonly lrRange?: LrRangeSchedule
}

/**
 * Trains a network on `data`; calls `report(epoch, metrics)` after each epoch and throws TrialPrunedError when it
 * returns true. Everything random (init, shuffling, dropout) comes from `seed`. The metrics carry each layer's
 * gradient norm and update ratio (see GradientMonitor), and `overfit_epoch` when validation loss rose while training
 * loss fell (see overfittingOnset).
 */
export function fit(data: FitData, config: MlpConfig, seed: number, report: (epoch: number, metrics: Metrics) => boolean, watch: FitWatch = {}): Metrics {
  const { features: d, outputs: k, xTrain, yTrain } = data
  const nTrain = yTrain.length
  const nVal = data.yVal.length
  const batch = Math.min(config.batchSize, nTrain)
  const capacity = Math.min(Math.max(batch, EVAL_CHUNK), Math.max(nTrain, nVal))
  const net = new Network({
    inputs: d,
    outputs: k,
    hidden: Array.from({ length: config.layers }, () => config.hidden),
    activation: config.activation,
    dropout: config.dropout,
    capacity,
  })
  net.initialize(config.init, createRng(deriveSeed(seed, 'init')))
  const optimizer = createOptimizer(config.optimizer, net.params.length, config)
  const rng = createRng(deriveSeed(seed, 'shuffle'))
  const order = Uint32Array.from({ length: nTrain }, (_, i) => i)
  const yBatch = new Float64Array(batch)
  const classification = data.task === 'classification'
  const range = watch.lrRange
  if (range) optimizer.learningRate = range.rate(0)
  const monitor = new GradientMonitor(net, range ? { ...DEFAULT_GRADIENT_LIMITS, action: 'off' } : (watch.gradients ?? DEFAULT_GRADIENT_LIMITS))
  const trainCurve: number[] = []
  const valCurve: number[] = []

  let metrics: Metrics = {}
  let step = 0
  const epochs = range ? Math.ceil(range.steps / Math.ceil(nTrain / batch)) : config.epochs
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, rng)
    let lossSum = 0
    for (let start = 0; start < nTrain; start += batch) {
      const rows = Math.min(batch, nTrain - start)
      const lastBatch = start + batch >= nTrain
      gather(xTrain, yTrain, d, order, start, rows, net.input, yBatch)
      net.forward(rows, true, rng)
      const loss = classification
        ? softmaxCrossEntropy(net.output, k, yBatch, 0, rows, net.outputGrad)
        : squaredError(net.output, yBatch, 0, rows, net.outputGrad)
      if (range) {
        if (!(loss / rows <= DIVERGED_LOSS) || report(step, { train_loss: loss / rows }) || step + 1 >= range.steps) return { train_loss: loss / rows }
        optimizer.learningRate = range.rate(++step)
      }
      lossSum += loss
      net.backward(rows, config.l2)
      // Gradients first: a loss that blew up is reported as the layer whose gradient exploded, when it did.
      monitor.afterBackward(epoch)
      if (!range && !(loss / rows <= DIVERGED_LOSS)) diverged(loss / rows, epoch, config)
      if (lastBatch) monitor.beforeLastStep()
      optimizer.step(net.params, net.grads)
      if (lastBatch) monitor.afterLastStep()
    }
    if (range) continue
    const val = evaluate(net, data)
    if (!(val.loss <= DIVERGED_LOSS)) diverged(val.loss, epoch, config)
    const trainLoss = lossSum / nTrain
    trainCurve.push(trainLoss)
    valCurve.push(val.loss)
    metrics = classification
      ? { val_loss: val.loss, val_accuracy: val.accuracy, train_loss: trainLoss }
      : { val_loss: val.loss, val_rmse: Math.sqrt(val.loss) * data.targetScale, train_loss: trainLoss }
    metrics = { ...metrics, ...monitor.endEpoch(epoch, config.init) }
    if (report(epoch, metrics)) throw new TrialPrunedError(`pruned after epoch ${epoch} of ${config.epochs}`)
  }
  return { ...metrics, ...overfittingMetrics(trainCurve, valCurve), epochs_trained: config.epochs }
}

/** Mean validation loss (and accuracy), without dropout, in chunks through the same buffers. */
function evaluate(net: Network, data: FitData): { loss: number; accuracy: number } {
  const { features: d, outputs: k, xVal, yVal } = data
  const n = yVal.length
  const chunk = net.shape.capacity
  let loss = 0
  let correct = 0
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start)
    const input = net.input
    for (let i = 0, src = start * d, len = rows * d; i < len; i++) input[i] = xVal[src + i]!
    // No dropout at evaluation, so the rng is never drawn from.
    net.forward(rows, false, noRandom)
    if (data.task === 'classification') {
      loss += softmaxCrossEntropy(net.output, k, yVal, start, rows, undefined)
      correct += countCorrect(net.output, k, yVal, start, rows)
    } else {
      loss += squaredError(net.output, yVal, start, rows, undefined)
    }
  }
  return { loss: loss / n, accuracy: correct / n }
}

function noRandom(): number {
  throw new Error('evaluation must not draw random numbers')
}

function gather(x: Float64Array, y: Float64Array, d: number, order: Uint32Array, start: number, rows: number, input: Float64Array, yBatch: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const row = order[start + r]!
    yBatch[r] = y[row]!
    const src = row * d
    const dst = r * d
    for (let c = 0; c < d; c++) input[dst + c] = x[src + c]!
  }
}

function diverged(loss: number, epoch: number, config: MlpConfig): never {
  throw new TrialFailure(
    'diverged',
    `training diverged: the loss reached ${loss} in epoch ${epoch} (learning_rate ${config.learningRate} with optimizer ${config.optimizer} is too large)`,
  )
}
