/**
 * `tunekit/tfjs`: TensorFlow.js's model.fit reporting to tunekit. @tensorflow/tfjs is an optional peer dependency,
 * required (not imported) when a callback is made: a subclass of its Callback is what model.fit hands the model to.
 */
import { createRequire } from 'node:module'
import type { TrainContext } from './types.js'

/** What `model.fit` needs of a callback (tfjs's CustomCallbackArgs), and what tunekitCallback returns. */
export interface TunekitFitCallback {
  onEpochEnd(epoch: number, logs?: Readonly<Record<string, unknown>>): void | Promise<void>
}

/** The part of a tfjs LayersModel the callback touches. */
export interface StoppableModel {
  stopTraining: boolean
}

export interface TunekitCallbackOptions {
  /** The log that must be there every epoch (default "val_loss": pass validationData or validationSplit to fit). */
  readonly monitor?: string
  /** The model being fitted; default: the one model.fit hands its callbacks (needs @tensorflow/tfjs resolvable from tunekit). */
  readonly model?: StoppableModel
}

/**
 * A model.fit callback that reports every epoch's logs to tunekit (step = epoch, from 1) and, when the pruner says
 * stop, sets `model.stopTraining`, so that fit returns at the end of that epoch. The trial then ends pruned when the
 * trainer returns. Throws at the first epoch whose logs lack `monitor`, naming the logs there are.
 */
export function tunekitCallback(ctx: Pick<TrainContext, 'report'>, options: TunekitCallbackOptions = {}): TunekitFitCallback {
  const monitor = options.monitor ?? 'val_loss'
  const onEpochEnd = (model: StoppableModel | undefined, epoch: number, logs: Readonly<Record<string, unknown>> = {}): void => {
    const metrics: Record<string, number> = {}
    for (const [k, v] of Object.entries(logs)) {
      const n = typeof v === 'number' ? v : (v as { dataSync?: () => ArrayLike<number> } | null)?.dataSync?.()[0]
      if (typeof n === 'number') metrics[k] = n
    }
    if (!(monitor in metrics)) {
      throw new Error(
        `tunekitCallback: epoch ${epoch + 1} logs ${Object.keys(metrics).join(', ') || 'nothing'} but not "${monitor}"; pass validationData or validationSplit to model.fit, or set { monitor }`,
      )
    }
    if (!ctx.report(epoch + 1, metrics)) return
    const target = options.model ?? model
    if (!target) throw new Error('tunekitCallback: no model to stop; pass { model }')
    target.stopTraining = true
  }
  const Base = tfjsCallback()
  if (!Base) return { onEpochEnd: (epoch, logs) => onEpochEnd(undefined, epoch, logs) }
  const callback = new (class extends Base {
    override async onEpochEnd(epoch: number, logs?: Readonly<Record<string, unknown>>): Promise<void> {
      onEpochEnd(this.model, epoch, logs)
    }
  })()
  return callback as unknown as TunekitFitCallback
}

type CallbackClass = new () => { model?: StoppableModel; onEpochEnd(epoch: number, logs?: Readonly<Record<string, unknown>>): Promise<void> }

/** tfjs's Callback class, from the @tensorflow/tfjs installed beside tunekit (its peer), or undefined without one. */
function tfjsCallback(): CallbackClass | undefined {
  try {
    return (createRequire(import.meta.url)('@tensorflow/tfjs') as { Callback?: CallbackClass }).Callback
  } catch {
    return undefined
  }
}
