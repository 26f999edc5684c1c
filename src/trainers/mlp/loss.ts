/**
 * Softmax cross-entropy of `rows` rows of logits against class indices (`labels[first + r]`).
 * Returns the summed loss; with `grad`, writes dLoss/dLogits divided by `rows` (the batch mean's gradient).
 */
export function softmaxCrossEntropy(z: Float64Array, k: number, labels: Float64Array, first: number, rows: number, grad: Float64Array | undefined): number {
  let total = 0
  for (let r = 0; r < rows; r++) {
    const o = r * k
    // Subtracting the row maximum keeps exp from overflowing; a non-finite logit still yields NaN, caught as divergence.
    let max = -Infinity
    for (let c = 0; c < k; c++) if (z[o + c]! > max) max = z[o + c]!
    let sum = 0
    for (let c = 0; c < k; c++) sum += Math.exp(z[o + c]! - max)
    const label = labels[first + r]!
    total += Math.log(sum) + max - z[o + label]!
    if (grad) {
      const inv = 1 / (sum * rows)
      for (let c = 0; c < k; c++) grad[o + c] = Math.exp(z[o + c]! - max) * inv
      grad[o + label] = grad[o + label]! - 1 / rows
    }
  }
  return total
}

/** Rows whose largest logit is the labelled class. */
export function countCorrect(z: Float64Array, k: number, labels: Float64Array, first: number, rows: number): number {
  let correct = 0
  for (let r = 0; r < rows; r++) {
    const o = r * k
    let best = 0
    for (let c = 1; c < k; c++) if (z[o + c]! > z[o + best]!) best = c
    if (best === labels[first + r]) correct++
  }
  return correct
}

/** Summed squared error of one output per row; with `grad`, writes the batch mean's gradient. */
export function squaredError(z: Float64Array, targets: Float64Array, first: number, rows: number, grad: Float64Array | undefined): number {
  let total = 0
  for (let r = 0; r < rows; r++) {
    const e = z[r]! - targets[first + r]!
    total += e * e
    if (grad) grad[r] = (2 * e) / rows
  }
  return total
}
