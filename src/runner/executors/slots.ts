/**
 * A pool of device slots ("0", "1", ...): each running trial holds exactly one, taken before it starts and given back
 * when it has ended however it ended. A trial that finds none free waits for one (when parallel exceeds the slots).
 */
export class SlotPool {
  private readonly free: string[]
  private readonly waiting: ((slot: string) => void)[] = []

  constructor(slots: readonly string[]) {
    this.free = [...slots]
  }

  take(): Promise<string> {
    const slot = this.free.shift()
    if (slot !== undefined) return Promise.resolve(slot)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  give(slot: string): void {
    const next = this.waiting.shift()
    if (next) next(slot)
    else this.free.push(slot)
  }

  /** Runs `fn` holding a slot, and frees it when `fn` settles (resolves or rejects). */
  async with<T>(fn: (slot: string) => Promise<T>): Promise<T> {
    const slot = await this.take()
    try {
      return await fn(slot)
    } finally {
      this.give(slot)
    }
  }
}
