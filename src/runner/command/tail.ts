/** Lines kept of each of stdout and stderr for a failed trial's record. */
export const TAIL_LINES = 50
/** A kept log line is cut to this many characters (a minified blob or a progress bar must not fill the store). */
export const TAIL_LINE_CHARS = 2_000
/** A line being assembled is cut here: long enough for a generous JSON report, bounded whatever the script prints. */
export const MAX_LINE_CHARS = 64 * 1024

const TRUNCATED = ' …[truncated]'

/**
 * Turns decoded text chunks, split anywhere, into whole lines, holding at most `maxChars` of the
 * current line. A carriage return inside a line starts it over, as on a terminal, so a progress bar
 * redrawn with `\r` yields its last state instead of thousands of concatenated ones.
 */
export class LineSplitter {
  private buf = ''
  private truncated = false
  private pendingCr = false

  constructor(
    /** Called with each line; `cut` when it was longer than maxChars (and so cut, with a marker). */
    private readonly onLine: (line: string, cut: boolean) => void,
    private readonly maxChars = MAX_LINE_CHARS,
  ) {}

  push(chunk: string): void {
    let start = 0
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      this.append(chunk.slice(start, nl))
      this.emit()
      start = nl + 1
    }
    this.append(chunk.slice(start))
  }

  /** Emits a last line that had no newline; call once the stream has ended. */
  flush(): void {
    if (this.buf.length > 0 || this.truncated) this.emit()
    this.pendingCr = false
  }

  private append(text: string): void {
    const parts = text.split('\r')
    for (let k = 0; k < parts.length; k++) {
      // A `\r` is held until text follows it, so a `\r\n` split across chunks does not erase the line.
      if (k > 0) this.pendingCr = true
      const part = parts[k]!
      if (part.length === 0) continue
      if (this.pendingCr) {
        this.buf = ''
        this.truncated = false
        this.pendingCr = false
      }
      const room = this.maxChars - this.buf.length
      if (part.length > room) this.truncated = true
      if (room > 0) this.buf += part.slice(0, room)
    }
  }

  private emit(): void {
    const cut = this.truncated
    const line = cut ? this.buf + TRUNCATED : this.buf
    this.buf = ''
    this.truncated = false
    this.pendingCr = false
    this.onLine(line, cut)
  }
}

/** The last `size` lines seen, each cut to `lineChars`. */
export class Tail {
  private readonly lines: string[] = []

  constructor(
    private readonly size = TAIL_LINES,
    private readonly lineChars = TAIL_LINE_CHARS,
  ) {}

  add(line: string): void {
    this.lines.push(line.length > this.lineChars ? line.slice(0, this.lineChars) + TRUNCATED : line)
    if (this.lines.length > this.size) this.lines.shift()
  }

  /** The most recent line, if any (for one-line failure messages). */
  last(): string | undefined {
    return this.lines[this.lines.length - 1]
  }

  toArray(): string[] {
    return [...this.lines]
  }
}
