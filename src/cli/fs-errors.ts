/** What to say about an error of the file system, by its code; exit 2 when a path given is unusable, 1 when the disk failed. */
export function fileSystemError(e: unknown): { message: string; exitCode: number } | undefined {
  const err = e as NodeJS.ErrnoException
  if (!(e instanceof Error) || typeof err.code !== 'string' || typeof err.syscall !== 'string') return undefined
  const what: Record<string, [string, number]> = {
    ENOENT: ['no such file or folder; create the folder or check the path', 2],
    ENOTDIR: ['a part of the path is a file, not a folder; choose another path', 2],
    EISDIR: ['is a folder; name a file', 2],
    EACCES: ['permission denied; choose a path you can write to', 2],
    EPERM: ['operation not permitted; choose a path you can write to', 2],
    EROFS: ['the file system is read-only; choose another path', 2],
    EEXIST: ['already exists', 2],
    ENAMETOOLONG: ['the name is too long', 2],
    ENOSPC: ['no space left on the device; free some space and run again', 1],
    EDQUOT: ['disk quota exceeded; free some space and run again', 1],
    EIO: ['input/output error from the device', 1],
    EMFILE: ['too many open files; raise the limit (ulimit -n) or lower --parallel', 1],
  }
  const known = what[err.code]
  if (!known) return undefined
  return { message: `${err.path ? `${err.path}: ` : ''}cannot ${err.syscall} (${err.code}): ${known[0]}`, exitCode: known[1] }
}
