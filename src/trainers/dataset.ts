import { isShippedDataset, loadDataset as readDataset, prepareData, SHIPPED_DATASETS } from './data.js'

/** One split of a dataset: `rows` × `features` values, row-major, and the targets (class indices for classification). */
export interface DatasetSplit {
  readonly rows: number
  readonly x: Float64Array
  readonly y: Float64Array
}

/** A dataset split into training and validation rows, ready for a user's trainer. */
export interface SplitDataset {
  /** The CSV file it was read from (absolute path). */
  readonly file: string
  readonly featureNames: readonly string[]
  readonly features: number
  readonly task: 'classification' | 'regression'
  /** Number of classes (labels are 0..classes-1) for classification. */
  readonly classes: number | undefined
  readonly train: DatasetSplit
  readonly validation: DatasetSplit
}

export interface LoadDatasetOptions {
  /** Share of the rows held out for validation (default 0.2), stratified by class for classification. */
  readonly validationFraction?: number
  /** Seed of the split (default 0): the same seed, the same rows. */
  readonly seed?: number
  /** Standardise features with the training rows' mean and standard deviation (default true). */
  readonly scale?: boolean
}

/**
 * A shipped dataset (iris, breast_cancer, digits, diabetes) or a CSV path (relative to the working directory), split
 * with a seed and scaled with training statistics only, as the built-in trainers do:
 * `const { train, validation, features, classes } = loadDataset('digits')`.
 */
export function loadDataset(nameOrPath: string, options: LoadDatasetOptions = {}): SplitDataset {
  const data = readDataset(nameOrPath)
  const task = isShippedDataset(nameOrPath)
    ? SHIPPED_DATASETS[nameOrPath]
    : data.y.every((v) => Number.isInteger(v) && v >= 0 && v < 100)
      ? 'classification'
      : 'regression'
  const p = prepareData(data, {
    seed: options.seed ?? 0,
    validationFraction: options.validationFraction ?? 0.2,
    stratify: task === 'classification',
    standardizeTarget: false,
  })
  const unscaled = options.scale === false
  const rows = (index: Uint32Array, scaled: Float64Array): Float64Array => {
    if (!unscaled) return scaled
    const out = new Float64Array(index.length * data.features)
    for (let r = 0; r < index.length; r++) out.set(data.x.subarray(index[r]! * data.features, (index[r]! + 1) * data.features), r * data.features)
    return out
  }
  let classes: number | undefined
  if (task === 'classification') classes = data.y.reduce((m, v) => Math.max(m, v), 0) + 1
  return {
    file: data.file,
    featureNames: data.featureNames,
    features: data.features,
    task,
    classes,
    train: { rows: p.trainIndex.length, x: rows(p.trainIndex, p.xTrain), y: p.yTrain },
    validation: { rows: p.validationIndex.length, x: rows(p.validationIndex, p.xVal), y: p.yVal },
  }
}
