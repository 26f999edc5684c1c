import { resolve } from 'node:path'
import { TunekitError, ValidationError } from '../../errors.js'
import type { Params } from '../../space/types.js'
import { checkOptions, isShippedDataset, loadDataset, prepareData, SHIPPED_DATASETS, type Dataset } from '../data.js'
import type { Metrics, TrainContext, Trainer } from '../types.js'
import { MLP_PARAMETERS, mlpConfig } from './params.js'
import { DEFAULT_GRADIENT_LIMITS, type GradientLimits } from './gradients.js'
import { fit } from './train.js'

export { MLP_PARAMETERS, type MlpConfig } from './params.js'

type Task = 'classification' | 'regression'

/** More distinct labels than this is almost surely a regression target given the wrong task. */
const MAX_CLASSES = 1000

const optionsSchema = {
  type: 'object',
  description: 'Options of the mlp trainer: which data set, which task, and how to split it.',
  properties: {
    dataset: {
      type: 'string',
      minLength: 1,
      description:
        `A shipped dataset (${Object.keys(SHIPPED_DATASETS).join(', ')}) or the path of a CSV file (relative to the experiment file) with ` +
        `a header row and the label in the last column.`,
    },
    task: {
      enum: ['classification', 'regression'],
      description: 'Overrides the inferred task. Default: known for a shipped dataset; otherwise classification when every label is an integer in 0..99.',
    },
    seed: { type: 'integer', minimum: 0, default: 0, description: 'Seed of the split, the initial weights, the shuffling and dropout.' },
    validationFraction: {
      type: 'number',
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      default: 0.2,
      description: 'Share of the rows held out for validation (stratified by class for classification).',
    },
    gradients: {
      type: 'object',
      description:
        "The gradient-health check: each layer's gradient norm and update ratio are reported every epoch (grad_norm_L, update_ratio_L); " +
        'a run whose gradients vanish or explode ends with that reason.',
      properties: {
        action: {
          enum: ['fail', 'report', 'off'],
          default: 'fail',
          description: '"fail" ends such a trial, "report" only reports the norms, "off" skips the check.',
        },
        vanishingRatio: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1,
          default: DEFAULT_GRADIENT_LIMITS.vanishingRatio,
          description: "Vanishing: the first layer's mean gradient norm over an epoch is below this fraction of the output layer's.",
        },
        exploding: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1e300,
          default: DEFAULT_GRADIENT_LIMITS.exploding,
          description: "Exploding: any layer's gradient norm in any batch is above this.",
        },
      },
      additionalProperties: false,
    },
  },
  required: ['dataset'],
  additionalProperties: false,
} as const

/**
 * A fully-connected network trained from scratch with mini-batch gradient descent. Classification minimises softmax
 * cross-entropy; regression minimises the squared error of the target standardised with training statistics, so its
 * `val_loss` is a validation MSE in units of the target's variance (predicting the training mean scores about 1) and
 * `val_rmse` is the same error in the target's own unit.
 */
export const mlp: Trainer = {
  name: 'mlp',
  description: 'multi-layer perceptron on a CSV dataset (shipped: iris, breast_cancer, digits, diabetes); softmax cross-entropy or MSE',
  parameters: MLP_PARAMETERS,
  optionsSchema,
  // param_count (weights and biases) comes with the final metrics, to trade the network's size off against accuracy.
  metrics: [
    'val_loss',
    'val_accuracy',
    'val_rmse',
    'train_loss',
    'generalization_gap',
    'overfit_epoch',
    'epochs_trained',
    'param_count',
    'grad_norm_*',
    'update_ratio_*',
  ],
  lrRange: true,
  prepareOptions(options, baseDir) {
    const dataset = options.dataset
    if (typeof dataset !== 'string' || isShippedDataset(dataset)) return { options, issues: [] }
    const file = resolve(baseDir, dataset)
    try {
      loadDataset(file)
    } catch (e) {
      if (!(e instanceof TunekitError)) throw e
      const why =
        e.code === 'FILE_NOT_FOUND'
          ? `no such dataset file ${file}; the path is relative to the experiment file (shipped datasets: ${Object.keys(SHIPPED_DATASETS).join(', ')})`
          : e.message
      return { options, issues: [{ path: '/dataset', message: why }] }
    }
    return { options: { ...options, dataset: file }, issues: [] }
  },
  train: trainMlp,
}

function trainMlp(params: Params, options: Readonly<Record<string, unknown>>, ctx: TrainContext): Metrics {
  checkOptions('mlp', optionsSchema, options)
  const config = mlpConfig(params)
  const name = options.dataset as string
  const seed = (options.seed as number | undefined) ?? 0
  const validationFraction = (options.validationFraction as number | undefined) ?? 0.2
  const data = loadDataset(name)
  const task = (options.task as Task | undefined) ?? inferTask(name, data)
  const classes = task === 'classification' ? classIndices(data) : undefined
  const prepared = prepareData(classes ? { ...data, y: classes.y } : data, {
    seed,
    validationFraction,
    stratify: classes !== undefined,
    standardizeTarget: classes === undefined,
  })
  return fit(
    {
      task,
      features: data.features,
      outputs: classes?.count ?? 1,
      xTrain: prepared.xTrain,
      yTrain: prepared.yTrain,
      xVal: prepared.xVal,
      yVal: prepared.yVal,
      targetScale: prepared.targetScaler?.scale[0] ?? 1,
    },
    config,
    seed,
    (epoch, metrics) => ctx.report(epoch, metrics),
    {
      gradients: { ...DEFAULT_GRADIENT_LIMITS, ...(options.gradients as Partial<GradientLimits> | undefined) },
      ...(ctx.lrRange ? { lrRange: ctx.lrRange } : {}),
    },
  )
}

/** A shipped dataset's known task; otherwise classification iff every label is a small non-negative integer. */
export function inferTask(name: string, data: Dataset): Task {
  if (isShippedDataset(name)) return SHIPPED_DATASETS[name]
  for (const v of data.y) if (!(Number.isInteger(v) && v >= 0 && v < 100)) return 'regression'
  return 'classification'
}

/** Labels as indices 0..count-1 of their sorted distinct values (so labels 1, 2, 5 need only three outputs). */
function classIndices(data: Dataset): { y: Float64Array; count: number } {
  const values = [...new Set(data.y)].sort((a, b) => a - b)
  if (values.length < 2)
    throw new ValidationError('INVALID_ARGUMENT', `${data.file}: classification needs at least 2 distinct labels, found ${values.length}`, { file: data.file })
  if (values.length > MAX_CLASSES) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `${data.file}: ${values.length} distinct labels is too many classes; set "task": "regression" if the target is a number`,
      { file: data.file },
    )
  }
  const index = new Map(values.map((v, i) => [v, i]))
  return { y: Float64Array.from(data.y, (v) => index.get(v)!), count: values.length }
}

/** The module form, as a user's trainer module has it: `"trainer": {"module": "tunekit/trainers/mlp"}` runs this. */
export default mlp
