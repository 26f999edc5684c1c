import type { Params } from '../../space/types.js'

/** Same name syntax as the search-space schema, so JSON such as `{"a": 1}` in an argument is left alone. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g
const WHOLE_PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_.-]*)\}$/

/** The `{name}` placeholders a command uses, each once, in order of first use. */
export function placeholderNames(command: readonly string[]): string[] {
  const names = new Set<string>()
  for (const arg of command) for (const m of arg.matchAll(PLACEHOLDER)) names.add(m[1]!)
  return [...names]
}

/**
 * The argv of one trial. Each `{name}` becomes `String(params[name])`, in one pass, so a value that
 * itself contains `{...}` is passed on verbatim. A name absent from `params` (an inactive parameter,
 * or an unknown name the caller should have rejected) drops its argument: an argument that is just
 * `{name}` also drops the flag before it (an argument starting with `-` and holding no placeholder of
 * its own, so `--lr={lr} {momentum}` keeps `--lr=...`). An argument with the placeholder inside other
 * text is dropped too, because a half-filled `--m=` would be worse than none: alone when it is an
 * option itself (`--m={momentum}`), with the flag before it when it is a value (`--size {w}x{h}`).
 */
export function buildArgv(command: readonly string[], params: Params): string[] {
  const has = (name: string): boolean => Object.hasOwn(params, name)
  const argv: string[] = []
  // Whether the last kept argument is a plain flag that an inactive value would orphan.
  let lastIsFlag = false
  for (const arg of command) {
    const whole = WHOLE_PLACEHOLDER.exec(arg)
    if (whole && !has(whole[1]!)) {
      if (lastIsFlag) argv.pop()
      lastIsFlag = false
      continue
    }
    const names = [...arg.matchAll(PLACEHOLDER)].map((m) => m[1]!)
    if (names.some((n) => !has(n))) {
      // `--size {w}x{h}`: a value is useless without its flag; `--m={momentum}` is a whole option on its own.
      if (lastIsFlag && !arg.startsWith('-')) argv.pop()
      lastIsFlag = false
      continue
    }
    argv.push(names.length === 0 ? arg : arg.replace(PLACEHOLDER, (_, name: string) => String(params[name])))
    lastIsFlag = names.length === 0 && arg.startsWith('-')
  }
  return argv
}
