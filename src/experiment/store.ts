import { dirname, resolve } from 'node:path'
import { isUrl } from '../storage/location.js'
import { displayPath } from '../util/paths.js'

/** Where an experiment's trials go when its file names no `storage`: runs/<name>.json beside the file. */
export function defaultStore(name: string): string {
  return `runs/${name}.json`
}

/**
 * The store of an experiment file: its `storage` (or the default), a file path relative to the experiment file's
 * folder, shown relative to the working directory; a URL as given. `tunekit run` and `tunekit report EXPERIMENT` both
 * go by this, so that a report finds what a run wrote.
 */
export function experimentStore(file: string, name: string, storage: string | undefined): string {
  const location = storage ?? defaultStore(name)
  return isUrl(location) ? location : displayPath(resolve(dirname(resolve(file)), location))
}
