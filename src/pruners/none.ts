import type { Pruner, PrunerFactory } from './types.js'

/** Never stops a trial: the default, so a sweep without a pruner runs every trial to the end. */
export class NonePruner implements Pruner {
  readonly name = 'none'
  shouldPrune(): boolean {
    return false
  }
}

export const none: PrunerFactory<Readonly<Record<never, never>>> = {
  description: 'never stops a trial early (the default)',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  create: () => new NonePruner(),
}
