import { StoreError } from '../errors.js'
import { type OpenOptions, openStorage } from './index.js'
import type { Storage } from './types.js'

/**
 * Opens a store, waiting up to `waitSeconds` for a file store's writer's lock instead of failing at once: how
 * short-lived processes (`tunekit ask`, `tell`) on one lowdb file take turns. Other stores open as usual.
 */
export async function openStorageWaiting(location: string, waitSeconds: number, options: OpenOptions = {}): Promise<Storage> {
  const deadline = Date.now() + waitSeconds * 1000
  for (let attempt = 0; ; attempt++) {
    try {
      return await openStorage(location, options)
    } catch (e) {
      if (!(e instanceof StoreError) || e.code !== 'STORE_LOCKED') throw e
      if (Date.now() >= deadline) {
        throw new StoreError('STORE_LOCKED', `${e.message} (waited ${waitSeconds} s for it: --wait SECONDS waits longer)`, { file: location, cause: e })
      }
      // Jittered, growing a little: several waiting processes do not retry in step.
      const ms = Math.min(200, 10 + attempt * 5) * (0.5 + Math.random())
      await new Promise((r) => setTimeout(r, Math.min(ms, Math.max(1, deadline - Date.now()))))
    }
  }
}
