import type { Params } from '../../space/types.js'
import { choiceParam, intParam, numberParam, withDefaults } from '../data.js'
import type { TrainerParam } from '../types.js'

/** The values of `init`. */
export const INITS = ['zeros', 'normal', 'xavier', 'he'] as const
/** The values of `optimizer`. */
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const
/** The values of `activation`. */
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid'] as const
export type Init = (typeof INITS)[number]
export type OptimizerName = (typeof OPTIMIZERS)[number]
export type Activation = (typeof ACTIVATIONS)[number]

/**
 * Every hyperparameter of the mlp trainer. The defaults are a good region for the shipped datasets
 * (≈ 97% validation accuracy on digits in about 20 epochs), so a space needs to name only what it searches.
 */
export const MLP_PARAMETERS = {
  learning_rate: { default: 0.003, description: 'Step size of the optimizer (adam: about 1e-3..1e-2; sgd: about 0.01..0.5).' },
  init: {
    default: 'he',
    description:
      'Weight initialisation: "zeros" (every unit alike: hidden layers cannot learn), "normal" (N(0, 0.1²)), "xavier" (Glorot uniform), "he" (N(0, ' +
      '2/fan_in)). Biases start at 0.',
  },
  optimizer: { default: 'adam', description: '"sgd", "momentum" (heavy ball, coefficient `momentum`) or "adam" (β1 0.9, β2 0.999, ε 1e-8).' },
  momentum: { default: 0.9, description: 'Momentum coefficient in [0, 1), used by the "momentum" optimizer only.' },
  batch_size: { default: 32, description: 'Rows per mini-batch (capped at the training-set size); the training rows are reshuffled every epoch.' },
  epochs: { default: 20, description: 'Passes over the training split.' },
  hidden: { default: 64, description: 'Units in each hidden layer.' },
  layers: { default: 1, description: 'Number of hidden layers; 0 makes a linear model (softmax or linear regression).' },
  activation: { default: 'relu', description: 'Hidden-layer activation: "relu", "tanh" or "sigmoid".' },
  l2: { default: 0.001, description: 'L2 penalty on the weights (not biases), added to the gradient as l2·w.' },
  dropout: { default: 0, description: 'Probability in [0, 1) of dropping each hidden unit during training (inverted dropout; off at evaluation).' },
} as const satisfies Record<string, TrainerParam>

/** The hyperparameters of one run, checked and typed. */
export interface MlpConfig {
  readonly learningRate: number
  readonly init: Init
  readonly optimizer: OptimizerName
  readonly momentum: number
  readonly batchSize: number
  readonly epochs: number
  readonly hidden: number
  readonly layers: number
  readonly activation: Activation
  readonly l2: number
  readonly dropout: number
}

/** Fills in defaults and checks every value; throws INVALID_ARGUMENT naming the parameter. */
export function mlpConfig(params: Params): MlpConfig {
  const p = withDefaults(MLP_PARAMETERS, params)
  return {
    learningRate: numberParam(p, 'learning_rate', (v) => v > 0, 'a number > 0'),
    init: choiceParam(p, 'init', INITS),
    optimizer: choiceParam(p, 'optimizer', OPTIMIZERS),
    momentum: numberParam(p, 'momentum', (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
    batchSize: intParam(p, 'batch_size', 1),
    epochs: intParam(p, 'epochs', 1),
    hidden: intParam(p, 'hidden', 1),
    layers: intParam(p, 'layers', 0),
    activation: choiceParam(p, 'activation', ACTIVATIONS),
    l2: numberParam(p, 'l2', (v) => v >= 0, 'a number ≥ 0'),
    dropout: numberParam(p, 'dropout', (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
  }
}
