import { createRng, deriveSeed } from '../util/rng.js'
import type { Params } from '../space/types.js'
import { checkOptions, choiceParam, intParam, normal, numberParam, splitIndices, withDefaults } from './data.js'
import { TrialFailure, TrialPrunedError } from '../errors.js'
import type { Metrics, TrainContext, Trainer } from './types.js'

const INITS = ['zeros', 'normal', 'uniform'] as const

/** Past this the loss is treated as diverged: well before it overflows, and far above any converging run (≈ 0.1). */
const DIVERGED_LOSS = 1e10

const optionsSchema = {
  type: 'object',
  description: 'Options of the linear-regression trainer: the synthetic data set y = 2 + 3x + noise.',
  properties: {
    samples: { type: 'integer', minimum: 5, default: 100, description: 'Number of (x, y) points generated; 80% train, 20% validation.' },
    seed: { type: 'integer', minimum: 0, default: 0, description: 'Seed of the data, the split and the initial weights.' },
  },
  additionalProperties: false,
} as const

/**
 * The classic gradient-descent example: fit y = w·x + b to y = 2 + 3x + noise (x, noise uniform in [0, 1)) by
 * full-batch gradient descent on the mean squared error. The best fit is w ≈ 3, b ≈ 2.5 (the noise has mean 0.5).
 */
export const linearRegression: Trainer = {
  name: 'linear-regression',
  description: 'full-batch gradient descent fitting y = w·x + b to y = 2 + 3x + noise (synthetic, seeded); MSE loss',
  parameters: {
    learning_rate: { default: 0.1, description: 'Gradient-descent step size; above about 0.8 the descent diverges on this data.' },
    iterations: { default: 1000, description: 'Number of full-batch gradient steps.' },
    init: { default: 'zeros', description: 'Initial w and b: "zeros", "normal" (standard normal) or "uniform" (in [-1, 1)).' },
  },
  optionsSchema,
  metrics: ['train_loss', 'val_loss', 'generalization_gap', 'w', 'b'],
  lrRange: true,
  train: trainLinearRegression,
}

function trainLinearRegression(params: Params, options: Readonly<Record<string, unknown>>, ctx: TrainContext): Metrics {
  checkOptions('linear-regression', optionsSchema, options)
  const samples = (options.samples as number | undefined) ?? 100
  const seed = (options.seed as number | undefined) ?? 0
  const p = withDefaults(linearRegression.parameters, params)
  const lr = numberParam(p, 'learning_rate', (v) => v > 0, 'a number > 0')
  const iterations = intParam(p, 'iterations', 1)
  const init = choiceParam(p, 'init', INITS)

  const dataRng = createRng(deriveSeed(seed, 'data'))
  const x = new Float64Array(samples)
  const y = new Float64Array(samples)
  for (let i = 0; i < samples; i++) {
    x[i] = dataRng()
    y[i] = 2 + 3 * x[i]! + dataRng()
  }
  const split = splitIndices(samples, 0.2, createRng(deriveSeed(seed, 'split')))
  const xTrain = Float64Array.from(split.train, (i) => x[i]!)
  const yTrain = Float64Array.from(split.train, (i) => y[i]!)
  const xVal = Float64Array.from(split.validation, (i) => x[i]!)
  const yVal = Float64Array.from(split.validation, (i) => y[i]!)

  const initRng = createRng(deriveSeed(seed, 'init'))
  const draw = init === 'zeros' ? () => 0 : init === 'uniform' ? () => 2 * initRng() - 1 : () => normal(initRng)
  let w = draw()
  let b = draw()

  const range = ctx.lrRange
  const every = Math.max(1, Math.floor(iterations / 20))
  const n = xTrain.length
  for (let it = 1; it <= (range ? range.steps : iterations); it++) {
    let gw = 0
    let gb = 0
    let loss = 0
    for (let i = 0; i < n; i++) {
      const err = w * xTrain[i]! + b - yTrain[i]!
      gw += err * xTrain[i]!
      gb += err
      loss += err * err
    }
    loss /= n
    if (range) {
      if (!Number.isFinite(loss) || ctx.report(it - 1, { train_loss: loss })) break
      const rate = range.rate(it - 1)
      w -= (rate * 2 * gw) / n
      b -= (rate * 2 * gb) / n
      continue
    }
    checkFinite(loss, it, lr)
    w -= (lr * 2 * gw) / n
    b -= (lr * 2 * gb) / n
    if (it % every === 0 || it === iterations) {
      const trainLoss = mse(w, b, xTrain, yTrain)
      const valLoss = mse(w, b, xVal, yVal)
      checkFinite(Math.max(trainLoss, valLoss), it, lr)
      if (ctx.report(it, { train_loss: trainLoss, val_loss: valLoss })) throw new TrialPrunedError(`pruned at iteration ${it} of ${iterations}`)
    }
  }
  const trainLoss = mse(w, b, xTrain, yTrain)
  const valLoss = mse(w, b, xVal, yVal)
  if (range) return { train_loss: trainLoss }
  checkFinite(Math.max(trainLoss, valLoss), iterations, lr)
  return { train_loss: trainLoss, val_loss: valLoss, generalization_gap: valLoss - trainLoss, w, b }
}

function mse(w: number, b: number, x: Float64Array, y: Float64Array): number {
  let s = 0
  for (let i = 0; i < x.length; i++) {
    const e = w * x[i]! + b - y[i]!
    s += e * e
  }
  return s / x.length
}

function checkFinite(loss: number, iteration: number, lr: number): void {
  // `!(loss <= limit)` also catches NaN.
  if (!(loss <= DIVERGED_LOSS)) {
    throw new TrialFailure('diverged', `training diverged: the MSE reached ${loss} at iteration ${iteration} (learning_rate ${lr} is too large for this data)`)
  }
}

/** The module form: `"trainer": {"module": "tunekit/trainers/linear-regression"}` runs this. */
export default linearRegression
