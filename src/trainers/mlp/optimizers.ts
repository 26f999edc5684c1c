import type { OptimizerName } from './params.js'

/** Updates the flat parameter vector in place from its gradient; state buffers are allocated once, at creation. */
export interface Optimizer {
  /** The step size; the learning-rate range test changes it between steps. */
  learningRate: number
  step(params: Float64Array, grads: Float64Array): void
}

export interface OptimizerOptions {
  readonly learningRate: number
  /** The heavy-ball coefficient of "momentum". */
  readonly momentum: number
}

const BETA1 = 0.9
const BETA2 = 0.999
const EPSILON = 1e-8

/** An optimizer for `size` parameters. */
export function createOptimizer(name: OptimizerName, size: number, o: OptimizerOptions): Optimizer {
  switch (name) {
    case 'sgd':
      return new Sgd(o.learningRate)
    case 'momentum':
      return new Momentum(o.learningRate, o.momentum, size)
    case 'adam':
      return new Adam(o.learningRate, size)
  }
}

class Sgd implements Optimizer {
  constructor(public learningRate: number) {}
  step(params: Float64Array, grads: Float64Array): void {
    const lr = this.learningRate
    for (let i = 0; i < params.length; i++) params[i] = params[i]! - lr * grads[i]!
  }
}

class Momentum implements Optimizer {
  private readonly velocity: Float64Array
  constructor(
    public learningRate: number,
    private readonly mu: number,
    size: number,
  ) {
    this.velocity = new Float64Array(size)
  }
  step(params: Float64Array, grads: Float64Array): void {
    const { learningRate: lr, mu, velocity: v } = this
    for (let i = 0; i < params.length; i++) {
      const vi = mu * v[i]! - lr * grads[i]!
      v[i] = vi
      params[i] = params[i]! + vi
    }
  }
}

class Adam implements Optimizer {
  private readonly m: Float64Array
  private readonly v: Float64Array
  private t = 0
  constructor(
    public learningRate: number,
    size: number,
  ) {
    this.m = new Float64Array(size)
    this.v = new Float64Array(size)
  }
  step(params: Float64Array, grads: Float64Array): void {
    this.t++
    const { m, v } = this
    // Bias corrections folded into two scalars per step instead of two divisions per parameter.
    const c1 = 1 / (1 - BETA1 ** this.t)
    const c2 = 1 / (1 - BETA2 ** this.t)
    const lr = this.learningRate
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!
      const mi = BETA1 * m[i]! + (1 - BETA1) * g
      const vi = BETA2 * v[i]! + (1 - BETA2) * g * g
      m[i] = mi
      v[i] = vi
      params[i] = params[i]! - (lr * mi * c1) / (Math.sqrt(vi * c2) + EPSILON)
    }
  }
}
