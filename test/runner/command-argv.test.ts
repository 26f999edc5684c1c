import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { buildArgv, commandTrainerSchema, placeholderNames } from '../../src/trainers/command/index.js'
import { parseReport, parseWithNonFinite, ReportLog } from '../../src/runner/command/reports.js'
import { LineSplitter, Tail } from '../../src/runner/command/tail.js'

describe('buildArgv', () => {
  const command = ['python3', 'train.py', '--lr', '{learning_rate}', '--momentum', '{momentum}', '--init={init}', '-v']

  it('fills every placeholder with String(value)', () => {
    const argv = buildArgv(command, { learning_rate: 1e-7, momentum: 0.9, init: 'he' })
    expect(argv).toEqual(['python3', 'train.py', '--lr', '1e-7', '--momentum', '0.9', '--init=he', '-v'])
    expect(buildArgv(['{a}', '{b}', '{c}'], { a: true, b: 3, c: 0.1 + 0.2 })).toEqual(['true', '3', '0.30000000000000004'])
  })

  it('drops an inactive placeholder together with the flag before it', () => {
    expect(buildArgv(command, { learning_rate: 0.1, init: 'he' })).toEqual(['python3', 'train.py', '--lr', '0.1', '--init=he', '-v'])
    // Single-dash flags count too.
    expect(buildArgv(['run', '-m', '{m}', 'x'], {})).toEqual(['run', 'x'])
  })

  it('keeps the element before an inactive placeholder when it is not a flag', () => {
    expect(buildArgv(['run', 'positional', '{m}', 'after'], {})).toEqual(['run', 'positional', 'after'])
    // The element before is a value (filled in), not a flag: only the inactive one goes.
    expect(buildArgv(['run', '--lr', '{lr}', '{m}'], { lr: 1 })).toEqual(['run', '--lr', '1'])
    // A flag that carries its own placeholder is a whole option: it stays.
    expect(buildArgv(['run', '--lr={lr}', '{m}'], { lr: 1 })).toEqual(['run', '--lr=1'])
  })

  it('drops an element with an inactive placeholder inside other text', () => {
    expect(buildArgv(['run', '--verbose', '--m={momentum}', 'x'], {})).toEqual(['run', '--verbose', 'x'])
    expect(buildArgv(['run', '--tag', 'a{x}b{y}'], { x: 1 })).toEqual(['run'])
    expect(buildArgv(['run', '--tag', 'a{x}b{y}'], { x: 1, y: 2 })).toEqual(['run', '--tag', 'a1b2'])
  })

  it('drops only one flag for consecutive inactive placeholders', () => {
    expect(buildArgv(['run', '--pair', '{a}', '{b}', 'z'], {})).toEqual(['run', 'z'])
    expect(buildArgv(['run', '--a', '{a}', '--b', '{b}'], { b: 2 })).toEqual(['run', '--b', '2'])
  })

  it('treats unknown names like inactive ones and leaves non-placeholder braces alone', () => {
    expect(buildArgv(['run', '--x', '{nope}', '{"a": 1}', '{}', '{1bad}'], {})).toEqual(['run', '{"a": 1}', '{}', '{1bad}'])
  })

  it('passes a value verbatim, even one that looks like a placeholder', () => {
    expect(buildArgv(['run', '{a}', '{b}'], { a: '{b}', b: '$(x) ; `y`' })).toEqual(['run', '{b}', '$(x) ; `y`'])
  })

  it('lists the placeholders once each, in order', () => {
    expect(placeholderNames(['p', '{b}', '--x={a}-{b}', '{"q": 1}', '{c.d-e_f}'])).toEqual(['b', 'a', 'c.d-e_f'])
    expect(placeholderNames(['p'])).toEqual([])
  })
})

describe('commandTrainerSchema', () => {
  const validate = new Ajv({ strict: false }).compile(commandTrainerSchema)

  it('accepts the documented example', () => {
    expect(validate({ command: ['python3', 'train.py', '--lr', '{learning_rate}'], cwd: '.', timeoutSeconds: 900, env: { PYTHONUNBUFFERED: '1' } })).toBe(true)
  })

  it.each([
    [{}],
    [{ command: [] }],
    [{ command: 'python3 train.py' }],
    [{ command: ['x', 1] }],
    [{ command: ['x'], timeoutSeconds: 0 }],
    [{ command: ['x'], env: { A: 1 } }],
    [{ command: ['x'], killGraceSeconds: -1 }],
    [{ command: ['x'], shell: true }],
  ])('rejects %j', (spec) => {
    expect(validate(spec)).toBe(false)
  })
})

describe('parseReport', () => {
  it('keeps finite numeric fields and an integer step', () => {
    expect(parseReport('  {"step": 2, "val_loss": 0.5, "name": "x", "n": null, "ok": true}  ')?.event).toEqual({ step: 2, metrics: { val_loss: 0.5 } })
    expect(parseReport('{"step": 1.5, "val_loss": 0.5}')?.event).toEqual({ metrics: { val_loss: 0.5 } })
    // The same rule as trial.report: a negative or string step is no intermediate value (the report is metrics only).
    expect(parseReport('{"step": -1, "val_loss": 0.5}')?.event).toEqual({ metrics: { val_loss: 0.5 } })
    expect(parseReport('{"step": "3", "val_loss": 0.5}')?.event).toEqual({ metrics: { val_loss: 0.5 } })
    expect(parseReport('{"step": 0, "val_loss": 0.5}')?.event).toEqual({ step: 0, metrics: { val_loss: 0.5 } })
    expect(parseReport('{"big": 1e999}')?.event).toEqual({ metrics: {} })
  })

  it('leaves anything but a JSON object to the logs', () => {
    for (const line of ['', 'epoch 1', '[1]', '{oops}', 'null', '"{}"']) expect(parseReport(line)).toBeUndefined()
  })

  it('takes bare NaN, Infinity and -Infinity as Python writes them: reported, but not metrics', () => {
    const nan = parseReport('{"val_loss": NaN, "step": 3, "accuracy": 0.5}')
    expect(nan?.event).toEqual({ step: 3, metrics: { accuracy: 0.5 } })
    expect(nan?.raw).toEqual({ val_loss: NaN, step: 3, accuracy: 0.5 })
    expect(parseReport('{"val_loss": Infinity}')?.raw).toEqual({ val_loss: Infinity })
    expect(parseReport(' {"val_loss":-Infinity,"hist":[NaN,1,{"x":Infinity}]} ')?.raw).toEqual({ val_loss: -Infinity, hist: [NaN, 1, { x: Infinity }] })
    expect(parseReport('{"step": NaN, "val_loss": 1}')?.event).toEqual({ metrics: { val_loss: 1 } })
  })

  it('leaves NaN inside strings alone, and NaN outside an object to the logs', () => {
    // Strict JSON: the text NaN in a string is just text.
    expect(parseReport('{"note": "NaN here", "val_loss": 0.5}')).toEqual({ event: { metrics: { val_loss: 0.5 } }, raw: { note: 'NaN here', val_loss: 0.5 } })
    // The lenient parse must not touch string contents either (escaped quotes, backslashes, unicode escapes).
    expect(parseReport(String.raw`{"note": "x \"NaN\" -Infinity \\", "u": "\u004eaN", "val_loss": 0.5, "g": NaN}`)?.raw).toEqual({
      note: 'x "NaN" -Infinity \\',
      u: 'NaN',
      val_loss: 0.5,
      g: NaN,
    })
    expect(parseReport('{"NaN": NaN}')?.raw).toEqual({ NaN: NaN })
    for (const line of [
      'loss is NaN',
      '[NaN]',
      'NaN',
      '{"val_loss": NaN',
      'val_loss: {NaN}',
      '{"val_loss": nan}',
      '{"val_loss": NaNa}',
      '{"val_loss": +Infinity}',
      '{"val_loss": -NaN}',
      '{NaN: 1}',
      '{"a": NaN,}',
      '{"a": "NaN}',
    ]) {
      expect(parseReport(line), line).toBeUndefined()
    }
  })

  it('parses like JSON.parse apart from the non-finite words', () => {
    const lines = [
      '{"a": 1, "b": [true, false, null, -0.5e-3, 0, 12.25E+2], "c": {"d": "\\u00e9\\n\\t\\/"}, "e": {}, "f": []}',
      ' { "a" : [ ] , "b" : { } } ',
      '{"__proto__": {"polluted": 1}, "x": 2}',
      '{"a": 1, "a": 2}',
    ]
    for (const line of lines) expect(parseWithNonFinite(line)).toEqual(JSON.parse(line))
    const proto = parseWithNonFinite('{"__proto__": {"polluted": 1}}') as Record<string, unknown>
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype)
    expect(Object.keys(proto)).toEqual(['__proto__'])
    for (const bad of ['{"a": 01}', '{"a": 1.}', "{'a': 1}", '{"a": "\\x"}', '{"a": "tab\there"}', '{"a": 1} x', '{"a" 1}', '[1 2]', '{"a": .5}']) {
      expect(() => JSON.parse(bad), bad).toThrow()
      expect(() => parseWithNonFinite(bad), bad).toThrow()
    }
  })

  it('refuses absurd nesting and copes with long strings', () => {
    expect(parseReport(`{"a": ${'['.repeat(5000)}NaN${']'.repeat(5000)}}`)).toBeUndefined()
    const long = 'NaN \\" '.repeat(8000)
    expect(parseReport(`{"s": "${long}", "val_loss": NaN}`)?.raw).toEqual({ s: JSON.parse(`"${long}"`), val_loss: NaN })
  })
})

describe('ReportLog', () => {
  it('judges the objective as last reported: a bare NaN after finite values is non-finite', () => {
    const log = new ReportLog('val_loss')
    for (const line of ['{"step": 1, "val_loss": 0.8}', '{"val_loss": 0.6, "acc": 0.9}', '{"val_loss": NaN, "acc": 0.95}']) {
      const r = parseReport(line)!
      log.add(r.raw, r.event.metrics)
    }
    expect(log.value()).toEqual({ kind: 'non-finite', raw: NaN })
    expect(log.metrics).toEqual({ val_loss: 0.6, acc: 0.95 })
  })
})

describe('LineSplitter and Tail', () => {
  const split = (chunks: string[], max?: number): string[] => {
    const lines: string[] = []
    const s = new LineSplitter((l) => lines.push(l), max)
    for (const c of chunks) s.push(c)
    s.flush()
    return lines
  }

  it('joins lines split across chunks and emits a last line without newline', () => {
    expect(split(['ab', 'c\nde', 'f\n\ng', 'h'])).toEqual(['abc', 'def', '', 'gh'])
  })

  it('handles CRLF (even split) and keeps the last state of a \\r progress bar', () => {
    expect(split(['one\r', '\ntwo\r\n'])).toEqual(['one', 'two'])
    expect(split(['10%\r50', '%\r100%\n'])).toEqual(['100%'])
  })

  it('bounds the line being assembled', () => {
    const lines = split(['x'.repeat(30), 'y'.repeat(30), '\nok\n'], 40)
    expect(lines[0]).toBe(`${'x'.repeat(30) + 'y'.repeat(10)} …[truncated]`)
    expect(lines[1]).toBe('ok')
  })

  it('keeps the last lines, each cut', () => {
    const tail = new Tail(3, 5)
    for (const l of ['a', 'b', 'c', 'd', '1234567']) tail.add(l)
    expect(tail.toArray()).toEqual(['c', 'd', '12345 …[truncated]'])
    expect(tail.last()).toBe('12345 …[truncated]')
  })
})
