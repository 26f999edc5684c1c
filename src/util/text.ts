/** The first line of a text, cut to `max` characters (an error message in a one-line status, say). */
export function firstLine(s: string, max = Infinity): string {
  const l = s.split('\n')[0] ?? ''
  return l.length > max ? `${l.slice(0, max - 3)}...` : l
}

/** The candidate closest to a mistyped word (edit distance at most 2, or a prefix), for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 1 : editDistance(word.toLowerCase(), c.toLowerCase())
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}

/** Levenshtein distance, with a transposition counting as one edit (so "trails" is one away from "trials"). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
    }
  }
  return d[a.length]![b.length]!
}

// C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the bidirectional overrides.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g

/**
 * User data (trainer output, choices, metric names, commands, paths) made safe to print on a terminal: every control
 * character shown as an escape (ESC as \x1b), so no text from a file or a trainer can move the cursor, retitle the
 * window (OSC), ring the bell or hide what follows. `multiline` keeps newlines and tabs (error messages); otherwise
 * they are escaped too (one table cell, one progress line).
 */
export function escapeControl(s: string, options: { multiline?: boolean } = {}): string {
  return s.replace(options.multiline ? CONTROL : CONTROL_OR_BREAK, (c) => {
    const code = c.charCodeAt(0)
    if (code === 0x0a) return '\\n'
    if (code === 0x0d) return '\\r'
    if (code === 0x09) return '\\t'
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}
