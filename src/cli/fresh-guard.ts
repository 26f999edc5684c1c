import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { ValidationError } from '../errors.js'
import type { Experiment } from '../experiment/types.js'
import { isUrl } from '../storage/location.js'

/**
 * `--fresh` moves the store aside; it must never move a file that is not a store (the experiment itself, its space, a
 * dataset named by mistake). A store file starts with `{"version":` (lowdb-file.ts writes it so), even when a crash cut
 * it short, so a corrupt store can still be moved aside: anything else is refused, and nothing is renamed.
 */
export function checkFreshTarget(exp: Experiment): void {
  const store = exp.storage
  if (isUrl(store) || !existsSync(store)) return
  const target = resolve(store)
  const refuse = (why: string): never => {
    throw new ValidationError('USAGE', `${store}: --fresh moves only a tunekit store aside, and ${why}; point "storage" (or --storage) at the store`, {
      file: store,
    })
  }
  if (target === resolve(exp.file)) refuse('this is the experiment file')
  if (!statSync(target).isFile()) refuse('this is not a file')
  const head = Buffer.alloc(64)
  const fd = openSync(target, 'r')
  let n: number
  try {
    n = readSync(fd, head, 0, head.length, 0)
  } finally {
    closeSync(fd)
  }
  const text = head.subarray(0, n).toString('utf8').trimStart()
  if (text !== '' && !/^\{\s*"version"\s*:/.test(text)) refuse('this file is not one (a store starts with {"version": ...})')
}
