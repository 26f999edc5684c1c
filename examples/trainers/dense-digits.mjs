// A module trainer you can copy: a one-hidden-layer network in plain JavaScript on the shipped digits data.
// tunekit runs it on worker threads (`"trainer": {"module": "../examples/trainers/dense-digits.mjs"}`), `parallel` at once.
import { defineTrainer, loadDataset } from 'tunekit'

/** Deterministic uniform numbers in [0, 1) from a seed (mulberry32). */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Softmax cross-entropy of one row's logits (in place: logits become probabilities). */
function softmax(z) {
  let max = -Infinity
  for (const v of z) max = Math.max(max, v)
  let sum = 0
  for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp(z[k] - max)
  for (let k = 0; k < z.length; k++) z[k] /= sum
}

export default defineTrainer({
  name: 'dense-digits',
  description: 'one hidden ReLU layer, softmax output, plain SGD, on the shipped digits data',
  parameters: {
    learning_rate: { default: 0.05, description: 'SGD step size' },
    hidden: { default: 32, description: 'hidden units' },
    epochs: { default: 10, description: 'passes over the training rows' },
    batch_size: { default: 32, description: 'rows per gradient step' },
  },
  metrics: ['val_loss', 'val_accuracy'],
  optionsSchema: { type: 'object', properties: { dataset: { type: 'string', default: 'digits' } }, additionalProperties: false },
  train(params, options, ctx) {
    const { train, validation, features, classes } = loadDataset(options.dataset ?? 'digits', { seed: 0 })
    const H = Math.round(params.hidden)
    const K = classes
    const rnd = random(ctx.seed)
    const init = (n, fanIn) => Float64Array.from({ length: n }, () => (rnd() * 2 - 1) * Math.sqrt(6 / fanIn))
    const W1 = init(features * H, features)
    const b1 = new Float64Array(H)
    const W2 = init(H * K, H)
    const b2 = new Float64Array(K)
    const h = new Float64Array(H)
    const z = new Float64Array(K)
    const forward = (x, row) => {
      for (let j = 0; j < H; j++) {
        let s = b1[j]
        for (let i = 0; i < features; i++) s += x[row * features + i] * W1[i * H + j]
        h[j] = s > 0 ? s : 0
      }
      for (let k = 0; k < K; k++) {
        let s = b2[k]
        for (let j = 0; j < H; j++) s += h[j] * W2[j * K + k]
        z[k] = s
      }
      softmax(z)
    }
    const gW1 = new Float64Array(W1.length)
    const gb1 = new Float64Array(H)
    const gW2 = new Float64Array(W2.length)
    const gb2 = new Float64Array(K)
    const dh = new Float64Array(H)
    const order = Uint32Array.from({ length: train.rows }, (_, i) => i)
    const batch = Math.max(1, Math.round(params.batch_size))
    let val_loss = Number.NaN
    let val_accuracy = 0
    for (let epoch = 1; epoch <= Math.round(params.epochs); epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1))
        ;[order[i], order[j]] = [order[j], order[i]]
      }
      for (let start = 0; start < order.length; start += batch) {
        gW1.fill(0), gb1.fill(0), gW2.fill(0), gb2.fill(0)
        const end = Math.min(order.length, start + batch)
        for (let b = start; b < end; b++) {
          const row = order[b]
          forward(train.x, row)
          z[train.y[row]] -= 1
          dh.fill(0)
          for (let j = 0; j < H; j++) {
            for (let k = 0; k < K; k++) {
              gW2[j * K + k] += h[j] * z[k]
              dh[j] += W2[j * K + k] * z[k]
            }
            if (h[j] <= 0) dh[j] = 0
          }
          for (let k = 0; k < K; k++) gb2[k] += z[k]
          for (let i = 0; i < features; i++) {
            const xi = train.x[row * features + i]
            if (xi !== 0) for (let j = 0; j < H; j++) gW1[i * H + j] += xi * dh[j]
          }
          for (let j = 0; j < H; j++) gb1[j] += dh[j]
        }
        const step = params.learning_rate / (end - start)
        for (let n = 0; n < W1.length; n++) W1[n] -= step * gW1[n]
        for (let n = 0; n < H; n++) b1[n] -= step * gb1[n]
        for (let n = 0; n < W2.length; n++) W2[n] -= step * gW2[n]
        for (let n = 0; n < K; n++) b2[n] -= step * gb2[n]
      }
      let loss = 0
      let correct = 0
      for (let r = 0; r < validation.rows; r++) {
        forward(validation.x, r)
        const label = validation.y[r]
        loss -= Math.log(Math.max(z[label], 1e-12))
        if (z.indexOf(Math.max(...z)) === label) correct++
      }
      val_loss = loss / validation.rows
      val_accuracy = correct / validation.rows
      if (!Number.isFinite(val_loss)) throw new Error(`diverged at epoch ${epoch} (learning_rate ${params.learning_rate})`)
      if (ctx.report(epoch, { val_loss, val_accuracy })) break
    }
    return { val_loss, val_accuracy }
  },
})
