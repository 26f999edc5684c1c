import type { Metrics } from '../../trainers/types.js'
import type { ReportEvent } from '../types.js'

/**
 * A stdout line as a report, or undefined when it is a log line. A report is a line holding one JSON
 * object; its finite numeric fields are the metrics (`step` excepted: it is where the report sits, not a
 * measurement), and a non-negative integer `step` makes it an intermediate value. `raw` keeps every field so the
 * objective can be told apart when it is present but not a number.
 */
export function parseReport(line: string): { event: ReportEvent; raw: Record<string, unknown> } | undefined {
  const text = line.trim()
  // Cheap test first: most log lines are not JSON, and JSON.parse on them would throw.
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    // Python's json.dumps writes NaN, Infinity and -Infinity bare: still a report, its objective non-finite.
    try {
      parsed = parseWithNonFinite(text)
    } catch {
      return undefined
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  const raw = parsed as Record<string, unknown>
  const metrics: Metrics = {}
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'step' && typeof value === 'number' && Number.isFinite(value)) metrics[key] = value
  }
  const step = raw.step
  // The same rule as trial.report (which refuses other steps): a non-negative integer makes an intermediate value; a
  // negative, fractional or string step leaves the report as metrics only; a repeated step replaces the earlier value.
  const event: ReportEvent = Number.isSafeInteger(step) && (step as number) >= 0 ? { step: step as number, metrics } : { metrics }
  return { event, raw }
}

/** Nesting deeper than this is refused by the lenient parser (a log line, then) rather than risk the stack. */
const MAX_DEPTH = 512
const WS = /[ \t\n\r]*/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
/** A string token: JSON.parse then decodes it, so escapes mean exactly what they mean in JSON. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings, which is what this range says
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
/** Bare words: JSON's literals plus the non-finite numbers Python writes. `-?Infinity` before any number rule matters. */
const WORD = /-?Infinity|NaN|true|false|null/y
const WORDS: Record<string, unknown> = { Infinity, '-Infinity': -Infinity, NaN, true: true, false: false, null: null }

/**
 * JSON.parse that also takes bare `NaN`, `Infinity` and `-Infinity` as values, the way Python's json
 * module writes them. A small tokenizer, so those words inside strings stay text; throws on anything
 * else that is not JSON. Only used once JSON.parse has refused a line.
 */
export function parseWithNonFinite(text: string): unknown {
  let pos = 0
  const fail = (): never => {
    throw new SyntaxError(`unexpected input at position ${pos}`)
  }
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos
    const m = re.exec(text)
    if (!m) return undefined
    pos = re.lastIndex
    return m[0]
  }
  const skip = (): void => void match(WS)
  const expect = (ch: string): void => {
    skip()
    if (text[pos] !== ch) fail()
    pos++
  }
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail()
    skip()
    const c = text[pos]
    if (c === '{') {
      pos++
      // Own data properties, as JSON.parse makes them: a "__proto__" key must not become the prototype.
      const obj: Record<string, unknown> = {}
      skip()
      if (text[pos] === '}') {
        pos++
        return obj
      }
      for (;;) {
        skip()
        const key = match(STRING) ?? fail()
        expect(':')
        Object.defineProperty(obj, JSON.parse(key) as string, { value: value(depth + 1), enumerable: true, writable: true, configurable: true })
        skip()
        if (text[pos] === '}') {
          pos++
          return obj
        }
        expect(',')
      }
    }
    if (c === '[') {
      pos++
      const arr: unknown[] = []
      skip()
      if (text[pos] === ']') {
        pos++
        return arr
      }
      for (;;) {
        arr.push(value(depth + 1))
        skip()
        if (text[pos] === ']') {
          pos++
          return arr
        }
        expect(',')
      }
    }
    if (c === '"') return JSON.parse(match(STRING) ?? fail())
    const word = match(WORD)
    if (word !== undefined) return WORDS[word]
    const num = match(NUMBER) ?? fail()
    return Number(num)
  }
  const result = value(0)
  skip()
  if (pos !== text.length) fail()
  return result
}

/** What the reports of one run add up to. */
export class ReportLog {
  /** Every report's metrics merged, later reports winning. */
  readonly metrics: Metrics = {}
  private objectiveSeen = false
  private objective: unknown

  constructor(private readonly metric: string) {}

  add(raw: Record<string, unknown>, metrics: Metrics): void {
    Object.assign(this.metrics, metrics)
    if (Object.hasOwn(raw, this.metric)) {
      this.objectiveSeen = true
      this.objective = raw[this.metric]
    }
  }

  /** The trial's value: the objective in the last report that had the key, judged as reported. */
  value(): { kind: 'ok'; value: number } | { kind: 'missing' } | { kind: 'non-finite'; raw: unknown } {
    if (!this.objectiveSeen) return { kind: 'missing' }
    const v = this.objective
    return typeof v === 'number' && Number.isFinite(v) ? { kind: 'ok', value: v } : { kind: 'non-finite', raw: v }
  }
}
