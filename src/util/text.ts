/** The first line of a text, cut to `max` characters (an error message in a one-line status, say). */
export function firstLine(s: string, max = Infinity): string {
  const l = s.split('\n')[0] ?? ''
  return l.length > max ? l.slice(0, max - 3) + '...' : l
}
