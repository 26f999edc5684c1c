import type { Rng } from '../../util/rng.js'
import { normal } from '../data.js'
import { activate, drop, gemmNT, multiplyInPlace, scaleByDerivative, transpose } from './kernels.js'
import type { Activation, Init } from './params.js'

/** The shape of a network and the largest batch it will ever see. */
export interface NetworkShape {
  readonly inputs: number
  readonly outputs: number
  /** Units of each hidden layer (empty: a linear model). */
  readonly hidden: readonly number[]
  readonly activation: Activation
  readonly dropout: number
  /** Rows the batch buffers hold: every buffer is allocated once, at this size. */
  readonly capacity: number
}

/**
 * A fully-connected network over one flat parameter vector (per layer: weights out×in row-major, then biases),
 * so an optimizer is one loop over one array. Activations and deltas live in buffers sized for `capacity` rows:
 * forward and backward allocate nothing.
 */
export class Network {
  readonly params: Float64Array
  readonly grads: Float64Array
  /** The batch goes here (capacity × inputs, row-major) before `forward`. */
  readonly input: Float64Array
  /** Outputs (logits or predictions) after `forward`. */
  readonly output: Float64Array
  /** dLoss/dOutput, written by the loss before `backward`. */
  readonly outputGrad: Float64Array

  private readonly sizes: number[]
  private readonly wOff: number[] = []
  private readonly bOff: number[] = []
  /** Per layer 0..L+1: the input, each hidden layer's activation (before dropout), the output. */
  private readonly act: Float64Array[] = []
  /** Per hidden layer: the activation after dropout (what the next layer sees while training). */
  private readonly dropped: Float64Array[] = []
  /** Per hidden layer: 0 or 1/(1-p) for each unit of each row of the current batch. */
  private readonly mask: Float64Array[] = []
  /** Per layer 1..L+1: dLoss/d(pre-activation). */
  private readonly delta: Float64Array[] = []
  /** Scratch for backward: a layer's delta and input transposed, a weight matrix transposed, zero biases. */
  private readonly deltaT: Float64Array
  private readonly srcT: Float64Array
  private readonly weightsT: Float64Array
  private readonly zeros: Float64Array

  constructor(readonly shape: NetworkShape) {
    this.sizes = [shape.inputs, ...shape.hidden, shape.outputs]
    let size = 0
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      this.wOff.push(size)
      size += this.sizes[l]! * this.sizes[l + 1]!
      this.bOff.push(size)
      size += this.sizes[l + 1]!
    }
    this.params = new Float64Array(size)
    this.grads = new Float64Array(size)
    const cap = shape.capacity
    for (let l = 0; l < this.sizes.length; l++) this.act.push(new Float64Array(cap * this.sizes[l]!))
    this.input = this.act[0]!
    this.output = this.act[this.sizes.length - 1]!
    this.delta.push(new Float64Array(0)) // no delta for the input: keeps indices aligned with `act`
    for (let l = 1; l < this.sizes.length; l++) this.delta.push(new Float64Array(cap * this.sizes[l]!))
    this.outputGrad = this.delta[this.sizes.length - 1]!
    for (let l = 0; l < this.sizes.length; l++) {
      const hiddenLayer = l > 0 && l < this.sizes.length - 1
      const withDropout = hiddenLayer && shape.dropout > 0
      this.dropped.push(withDropout ? new Float64Array(cap * this.sizes[l]!) : this.act[l]!)
      this.mask.push(withDropout ? new Float64Array(cap * this.sizes[l]!) : new Float64Array(0))
    }
    const widest = Math.max(...this.sizes)
    let largestMatrix = 0
    for (let l = 0; l + 1 < this.sizes.length; l++) largestMatrix = Math.max(largestMatrix, this.sizes[l]! * this.sizes[l + 1]!)
    this.deltaT = new Float64Array(cap * widest)
    this.srcT = new Float64Array(cap * widest)
    this.weightsT = new Float64Array(largestMatrix)
    this.zeros = new Float64Array(widest)
  }

  /** Number of weight layers (hidden layers + 1). */
  get layerCount(): number {
    return this.sizes.length - 1
  }

  /** The L2 norm of each weight layer's slice of `values` (`params` or `grads`; biases left out), into `out`. */
  layerNorms(values: Float64Array, out: Float64Array): Float64Array {
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      let sum = 0
      for (let i = this.wOff[l]!, end = this.bOff[l]!; i < end; i++) sum += values[i]! * values[i]!
      out[l] = Math.sqrt(sum)
    }
    return out
  }

  /** Sets the weights by `init` (biases to 0). */
  initialize(init: Init, rng: Rng): void {
    this.params.fill(0)
    if (init === 'zeros') return
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const fanIn = this.sizes[l]!
      const fanOut = this.sizes[l + 1]!
      const start = this.wOff[l]!
      const end = start + fanIn * fanOut
      const limit = Math.sqrt(6 / (fanIn + fanOut))
      const sd = init === 'he' ? Math.sqrt(2 / fanIn) : 0.1
      for (let i = start; i < end; i++) this.params[i] = init === 'xavier' ? (2 * rng() - 1) * limit : sd * normal(rng)
    }
  }

  /** Runs the first `rows` rows of `input`; with `train`, draws a dropout mask from `rng` and keeps what backward needs. */
  forward(rows: number, train: boolean, rng: Rng): void {
    const last = this.sizes.length - 1
    for (let l = 0; l < last; l++) {
      const nIn = this.sizes[l]!
      const nOut = this.sizes[l + 1]!
      const src = l > 0 && train ? this.dropped[l]! : this.act[l]!
      const dst = this.act[l + 1]!
      gemmNT(src, 0, this.params, this.wOff[l]!, this.params, this.bOff[l]!, dst, 0, rows, nOut, nIn)
      if (l + 1 === last) break
      activate(this.shape.activation, dst, rows * nOut)
      if (train && this.shape.dropout > 0) drop(dst, this.dropped[l + 1]!, this.mask[l + 1]!, rows * nOut, this.shape.dropout, rng)
    }
  }

  /** Gradients of every parameter from `outputGrad` (already averaged over the batch), plus l2·w on the weights. */
  backward(rows: number, l2: number): void {
    const last = this.sizes.length - 1
    const p = this.params
    const g = this.grads
    for (let l = last - 1; l >= 0; l--) {
      const nIn = this.sizes[l]!
      const nOut = this.sizes[l + 1]!
      const src = l > 0 ? this.dropped[l]! : this.act[l]!
      const d = this.delta[l + 1]!
      const wOff = this.wOff[l]!
      const bOff = this.bOff[l]!
      // dW = deltaᵀ·src: both transposed so the kernel reads contiguous rows of length `rows`.
      transpose(d, 0, rows, nOut, this.deltaT)
      transpose(src, 0, rows, nIn, this.srcT)
      gemmNT(this.deltaT, 0, this.srcT, 0, this.zeros, 0, g, wOff, nOut, nIn, rows)
      for (let k = 0; k < nOut; k++) {
        let sum = 0
        for (let r = k * rows, end = r + rows; r < end; r++) sum += this.deltaT[r]!
        g[bOff + k] = sum
      }
      if (l2 > 0) for (let i = wOff; i < bOff; i++) g[i] = g[i]! + l2 * p[i]!
      if (l === 0) break
      // delta below = (delta·W) ⊙ dropout mask ⊙ f'(activation); W is out×in, so the kernel wants Wᵀ.
      transpose(p, wOff, nOut, nIn, this.weightsT)
      const below = this.delta[l]!
      gemmNT(d, 0, this.weightsT, 0, this.zeros, 0, below, 0, rows, nIn, nOut)
      if (this.shape.dropout > 0) multiplyInPlace(below, this.mask[l]!, rows * nIn)
      scaleByDerivative(this.shape.activation, below, this.act[l]!, rows * nIn)
    }
  }
}
