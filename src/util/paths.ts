import { isAbsolute, relative } from 'node:path'

/** A path as the user should see it: relative to the working directory when inside it, else absolute. */
export function displayPath(path: string): string {
  const r = relative(process.cwd(), path)
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path
}
