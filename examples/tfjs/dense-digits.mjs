// A TensorFlow.js model as a module trainer (experiments/tfjs-digits.json): a dense network on the digits data
// shipped with tunekit, fitted with model.fit on a worker thread; tunekitCallback reports every epoch and stops the
// fit when the pruner says so. Needs @tensorflow/tfjs (pure JavaScript: no native download); the wasm backend needs
// @tensorflow/tfjs-backend-wasm too.
import { defineTrainer, loadDataset } from 'tunekit'
import { tunekitCallback } from 'tunekit/tfjs'

/** tfjs, on the backend asked for: loaded once per worker thread. */
let ready
async function tensorflow(backend) {
  ready ??= (async () => {
    const tf = await import('@tensorflow/tfjs')
    if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm')
    await tf.setBackend(backend)
    await tf.ready()
    return tf
  })()
  return ready
}

export default defineTrainer({
  name: 'tfjs-dense-digits',
  description: 'a tf.sequential dense network (ReLU, dropout, softmax) fitted with Adam on the shipped digits data',
  parameters: {
    learning_rate: { default: 0.001, description: 'Adam step size' },
    hidden: { default: 64, description: 'units of the hidden layer' },
    dropout: { default: 0.1, description: 'dropout rate after the hidden layer' },
    batch_size: { default: 32, description: 'rows per gradient step' },
    epochs: { default: 20, description: 'passes over the training rows (fewer when pruned)' },
  },
  metrics: ['val_loss', 'val_acc', 'loss', 'acc'],
  optionsSchema: {
    type: 'object',
    properties: { backend: { enum: ['cpu', 'wasm'], default: 'cpu', description: 'TensorFlow.js backend' } },
    additionalProperties: false,
  },
  async train(params, options, ctx) {
    const tf = await tensorflow(options.backend ?? 'cpu')
    const { train, validation, features, classes } = loadDataset('digits', { seed: 0 })
    // tfjs takes Float32Array and Int32Array, not the Float64Array loadDataset gives.
    const tensors = (split) => [tf.tensor2d(Float32Array.from(split.x), [split.rows, features]), tf.oneHot(tf.tensor1d(Int32Array.from(split.y), 'int32'), classes)]
    const [xt, yt] = tensors(train)
    const [xv, yv] = tensors(validation)
    const seed = ctx.seed % 2 ** 31
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [features], units: Math.round(params.hidden), activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
        tf.layers.dropout({ rate: params.dropout, seed }),
        tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
      ],
    })
    model.compile({ optimizer: tf.train.adam(params.learning_rate), loss: 'categoricalCrossentropy', metrics: ['acc'] })
    try {
      const history = await model.fit(xt, yt, {
        epochs: Math.round(params.epochs),
        batchSize: Math.round(params.batch_size),
        validationData: [xv, yv],
        shuffle: true,
        verbose: 0,
        callbacks: [tunekitCallback(ctx, { monitor: 'val_loss', model })],
      })
      const last = (k) => history.history[k].at(-1)
      return { val_loss: last('val_loss'), val_acc: last('val_acc'), loss: last('loss'), acc: last('acc') }
    } finally {
      model.dispose()
      tf.dispose([xt, yt, xv, yv])
    }
  },
})
