import { InProcessStorage } from './in-process.js'
import { emptyStore } from './state.js'

/** A store that lives and dies with the process: the default of the library API. */
export class MemoryStorage extends InProcessStorage {
  constructor() {
    const data = emptyStore()
    super(':memory:', false, () => data)
  }
  protected async changed(): Promise<void> {}
  async failStaleTrials(): Promise<number[]> {
    this.open()
    return [] // nothing outlives the process that runs it
  }
  async flush(): Promise<void> {
    this.open()
  }
  protected async release(): Promise<void> {}
}
