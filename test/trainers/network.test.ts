import { describe, expect, it } from 'vitest'
import { createRng } from '../../src/util/rng.js'
import { softmaxCrossEntropy, squaredError } from '../../src/trainers/mlp/loss.js'
import { Network } from '../../src/trainers/mlp/network.js'
import { createOptimizer } from '../../src/trainers/mlp/optimizers.js'
import { ACTIVATIONS, OPTIMIZERS } from '../../src/trainers/mlp/params.js'

// Odd sizes on purpose: the kernel works in 2×4 blocks and must get every remainder right.
const rows = 5
const inputs = 3

function setup(activation: (typeof ACTIVATIONS)[number], outputs: number, hidden: number[]) {
  const net = new Network({ inputs, outputs, hidden, activation, dropout: 0, capacity: 8 })
  const rng = createRng(`net/${activation}/${outputs}`)
  net.initialize('xavier', rng)
  // Random biases too, so their gradients are tested away from zero.
  for (let i = 0; i < net.params.length; i++) if (net.params[i] === 0) net.params[i] = rng() - 0.5
  for (let i = 0; i < rows * inputs; i++) net.input[i] = 2 * rng() - 1
  const targets = Float64Array.from({ length: rows }, (_, r) => (outputs > 1 ? r % outputs : rng()))
  return { net, targets }
}

/** Mean loss of the batch plus the L2 term whose gradient backward adds (l2/2·Σw², weights only). */
function objective(net: Network, outputs: number, targets: Float64Array, l2: number, isWeight: (i: number) => boolean): number {
  net.forward(rows, false, () => 0.5)
  const loss = outputs > 1 ? softmaxCrossEntropy(net.output, outputs, targets, 0, rows, undefined) : squaredError(net.output, targets, 0, rows, undefined)
  let penalty = 0
  for (let i = 0; i < net.params.length; i++) if (isWeight(i)) penalty += net.params[i]! ** 2
  return loss / rows + (l2 / 2) * penalty
}

describe('Network backward', () => {
  for (const activation of ACTIVATIONS) {
    for (const outputs of [1, 3]) {
      it(`matches finite differences (${activation}, ${outputs === 1 ? 'squared error' : 'softmax cross-entropy'})`, () => {
        const hidden = [4, 5]
        const { net, targets } = setup(activation, outputs, hidden)
        const l2 = 0.01
        // Weight ranges by layer: [offset, offset + in·out); biases follow each.
        const sizes = [inputs, ...hidden, outputs]
        const weightRanges: [number, number][] = []
        let off = 0
        for (let l = 0; l + 1 < sizes.length; l++) {
          weightRanges.push([off, off + sizes[l]! * sizes[l + 1]!])
          off += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!
        }
        expect(net.params.length).toBe(off)
        const isWeight = (i: number) => weightRanges.some(([a, b]) => i >= a && i < b)

        net.forward(rows, true, () => 0.5)
        if (outputs > 1) softmaxCrossEntropy(net.output, outputs, targets, 0, rows, net.outputGrad)
        else squaredError(net.output, targets, 0, rows, net.outputGrad)
        net.backward(rows, l2)
        const analytic = Float64Array.from(net.grads)

        const h = 1e-6
        for (let i = 0; i < net.params.length; i++) {
          const keep = net.params[i]!
          net.params[i] = keep + h
          const up = objective(net, outputs, targets, l2, isWeight)
          net.params[i] = keep - h
          const down = objective(net, outputs, targets, l2, isWeight)
          net.params[i] = keep
          const numeric = (up - down) / (2 * h)
          expect(Math.abs(analytic[i]! - numeric), `parameter ${i}: ${analytic[i]} vs ${numeric}`).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric))
        }
      })
    }
  }

  it('a linear model (no hidden layer) gets the same check', () => {
    const { net, targets } = setup('relu', 2, [])
    net.forward(rows, true, () => 0.5)
    softmaxCrossEntropy(net.output, 2, targets, 0, rows, net.outputGrad)
    net.backward(rows, 0)
    const analytic = Float64Array.from(net.grads)
    const h = 1e-6
    for (let i = 0; i < net.params.length; i++) {
      const keep = net.params[i]!
      net.params[i] = keep + h
      const up = objective(net, 2, targets, 0, () => false)
      net.params[i] = keep - h
      const down = objective(net, 2, targets, 0, () => false)
      net.params[i] = keep
      expect(analytic[i]).toBeCloseTo((up - down) / (2 * h), 6)
    }
  })

  it('dropout drops about p of the hidden units while training (scaling the rest) and none at evaluation', () => {
    const units = 400
    const net = new Network({ inputs: 2, outputs: 1, hidden: [units], activation: 'sigmoid', dropout: 0.3, capacity: 1 })
    // Zero input and zero hidden biases: every hidden unit outputs sigmoid(0) = 0.5. Output weights 1, bias 0:
    // the output is 0.5 × (sum of the dropout mask), so it counts the kept units.
    net.params.fill(0)
    net.params.fill(1, 2 * units + units, 2 * units + units + units)
    net.input.fill(0)
    net.forward(1, false, () => {
      throw new Error('evaluation must not draw random numbers')
    })
    expect(net.output[0]).toBeCloseTo(0.5 * units, 9)
    const rng = createRng(3)
    const kept: number[] = []
    for (let t = 0; t < 20; t++) {
      net.forward(1, true, rng)
      kept.push((net.output[0]! / 0.5) * (1 - 0.3))
    }
    for (const k of kept) expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9)
    const mean = kept.reduce((a, b) => a + b, 0) / kept.length / units
    expect(mean).toBeGreaterThan(0.67)
    expect(mean).toBeLessThan(0.73)
    expect(new Set(kept).size).toBeGreaterThan(1)
  })
})

describe('optimizers', () => {
  for (const name of OPTIMIZERS) {
    it(`${name} minimises a quadratic`, () => {
      const target = Float64Array.from([3, -2, 0.5])
      const params = new Float64Array(3)
      const grads = new Float64Array(3)
      const opt = createOptimizer(name, 3, { learningRate: name === 'adam' ? 0.05 : 0.1, momentum: 0.9 })
      for (let t = 0; t < 500; t++) {
        for (let i = 0; i < 3; i++) grads[i] = 2 * (params[i]! - target[i]!)
        opt.step(params, grads)
      }
      for (let i = 0; i < 3; i++) expect(params[i]).toBeCloseTo(target[i]!, 2)
    })
  }
})
