import { TrialFailure } from '../../errors.js'
import type { Metrics } from '../types.js'
import type { Network } from './network.js'

/** When a run's gradients count as vanishing or exploding; see `GradientMonitor`. */
export interface GradientLimits {
  /** Vanishing: the first layer's mean gradient norm over an epoch is below this fraction of the output layer's. */
  readonly vanishingRatio: number
  /** Exploding: any layer's gradient norm in any batch is above this (or not finite). */
  readonly exploding: number
  /** "fail" ends the trial with the reason; "report" only reports the norms; "off" computes nothing. */
  readonly action: 'fail' | 'report' | 'off'
}

export const DEFAULT_GRADIENT_LIMITS: GradientLimits = { vanishingRatio: 1e-3, exploding: 1e4, action: 'fail' }

/**
 * Watches the per-layer gradient norms of a network during training (the classic diagnosis of vanishing and
 * exploding gradients in deep networks) and the ratio of each layer's update to its weights (about 1e-3 is healthy;
 * far below, the layer barely learns; near 1, the rate is too large). Layers count from 1 (the first weight matrix)
 * to the output layer. Costs one pass over the weights per batch and allocates nothing after construction.
 */
export class GradientMonitor {
  private readonly layers: number
  private readonly norms: Float64Array
  private readonly sums: Float64Array
  private readonly before: Float64Array
  private readonly weights: Float64Array
  private readonly deltas: Float64Array
  private batches = 0

  constructor(
    private readonly net: Network,
    private readonly limits: GradientLimits,
  ) {
    this.layers = net.layerCount
    this.norms = new Float64Array(this.layers)
    this.sums = new Float64Array(this.layers)
    this.weights = new Float64Array(this.layers)
    this.deltas = new Float64Array(this.layers)
    this.before = new Float64Array(net.params.length)
  }

  get enabled(): boolean {
    return this.limits.action !== 'off'
  }

  /** After `backward`: adds this batch's norms to the epoch's and fails at once on an exploding layer. */
  afterBackward(epoch: number): void {
    if (!this.enabled) return
    this.net.layerNorms(this.net.grads, this.norms)
    for (let l = 0; l < this.layers; l++) {
      const norm = this.norms[l]!
      if (!(norm <= this.limits.exploding) && this.limits.action === 'fail') {
        throw new TrialFailure(
          'exploding gradients',
          `exploding gradients in layer ${l + 1} at epoch ${epoch}: its gradient norm reached ${norm.toPrecision(3)} (limit ${this.limits.exploding}); ` +
            'lower learning_rate, or add normalisation or gradient clipping',
        )
      }
      this.sums[l] = this.sums[l]! + norm
    }
    this.batches++
  }

  /** Before the last step of an epoch: keeps the weights so `afterLastStep` can measure the update. */
  beforeLastStep(): void {
    if (this.enabled) this.before.set(this.net.params)
  }

  /** After the last step of an epoch: the update-to-weight ratio of each layer. */
  afterLastStep(): void {
    if (!this.enabled) return
    const params = this.net.params
    this.net.layerNorms(params, this.weights)
    for (let i = 0; i < params.length; i++) this.before[i] = params[i]! - this.before[i]!
    this.net.layerNorms(this.before, this.deltas)
  }

  /** At the end of an epoch: the metrics (grad_norm_L, update_ratio_L) and the vanishing check; resets the sums. */
  endEpoch(epoch: number, init: string): Metrics {
    if (!this.enabled) return {}
    const metrics: Record<string, number> = {}
    const mean = (l: number) => this.sums[l]! / Math.max(1, this.batches)
    for (let l = 0; l < this.layers; l++) {
      metrics[`grad_norm_${l + 1}`] = mean(l)
      metrics[`update_ratio_${l + 1}`] = this.weights[l]! > 0 ? this.deltas[l]! / this.weights[l]! : 0
    }
    const last = mean(this.layers - 1)
    const first = mean(0)
    this.sums.fill(0)
    this.batches = 0
    if (this.layers > 1 && last === 0 && first === 0 && this.limits.action === 'fail') {
      throw new TrialFailure(
        'vanishing gradients',
        `vanishing gradients at epoch ${epoch}: every layer's gradient is zero${init === 'zeros' ? ' (zeros init gives every hidden unit the same weights: none of them learns; use he or xavier)' : ''}`,
      )
    }
    if (this.layers > 1 && first < this.limits.vanishingRatio * last && this.limits.action === 'fail') {
      const hint =
        init === 'zeros' ? 'zeros init gives every hidden unit the same weights (none of them learns)' : 'use relu with he init, fewer layers, or normalisation'
      throw new TrialFailure(
        'vanishing gradients',
        `vanishing gradients at epoch ${epoch}: layer 1's gradient norm is ${first.toPrecision(2)}, ${(first / last).toExponential(1)} of the output ` +
          `layer's (limit ${this.limits.vanishingRatio}) across ${this.layers} layers; ${hint}`,
      )
    }
    return metrics
  }
}
