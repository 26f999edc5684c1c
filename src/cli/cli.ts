import { parseArgs } from 'node:util'
import { isTunekitError } from '../errors.js'
import { redactText } from '../storage/location.js'
import { closest, escapeControl } from '../util/text.js'
import { fileSystemError } from './fs-errors.js'
import type { CommandDef } from './command.js'
import { joinNegativeValues } from './options.js'

/**
 * Every command: its one-line summary (the main help lists them without loading any command) and its module, loaded
 * only when it runs, so that `tunekit --help` is instant and `run` does not load the report code.
 */
const commands = {
  run: { summary: 'run a sweep described by an experiment file (resumes a stopped one)', load: () => import('./commands/run.js') },
  worker: { summary: 'join a sweep on a shared store (PostgreSQL) and run trials until its budget is met', load: () => import('./commands/worker.js') },
  report: { summary: 'show the trials of a store as a table, JSON, CSV or HTML (it only reads)', load: () => import('./commands/report.js') },
  compare: { summary: 'compare experiments and groups of repeated runs (table, JSON or HTML)', load: () => import('./commands/compare.js') },
  validate: { summary: 'check a search-space or experiment file', load: () => import('./commands/validate.js') },
  sample: { summary: 'print configurations a strategy draws from a space (nothing is stored)', load: () => import('./commands/sample.js') },
  'lr-find': { summary: 'a learning-rate range test: the rate to train at and the rate where training diverges', load: () => import('./commands/lr-find.js') },
  migrate: { summary: 'copy studies between stores (a JSON file and PostgreSQL, either way), losing nothing', load: () => import('./commands/migrate.js') },
  ask: { summary: 'create a running trial of an experiment and print its params (tell its result later)', load: () => import('./commands/ask.js') },
  tell: { summary: 'end a trial handed out by ask: its value, or fail, or pruned', load: () => import('./commands/tell.js') },
  import: {
    summary: 'add finished trials from a CSV or JSON-lines file or another store, checked against the space',
    load: () => import('./commands/import.js'),
  },
  'report-step': { summary: "record a running trial's intermediate value; exit 3 when the pruner says stop", load: () => import('./commands/report-step.js') },
} satisfies Record<string, { summary: string; load: () => Promise<{ command: CommandDef }> }>

type CommandName = keyof typeof commands

function mainHelp(): string {
  return [
    'tunekit: hyperparameter search for Node.js',
    '',
    'usage: tunekit <command> [options]',
    '',
    'commands:',
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`),
    '',
    'tunekit <command> --help (or tunekit help <command>) shows the options of a command.',
  ].join('\n')
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(commands, name)
}

async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let [name, ...rest] = argv
  if (name === 'help' && rest[0] !== undefined && isCommand(rest[0])) [name, rest] = [rest[0], ['--help']]
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp())
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    const { createRequire } = await import('node:module')
    io.out((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
    return 0
  }
  if (!isCommand(name)) {
    const guess = closest(name, Object.keys(commands))
    io.err(escapeControl(`tunekit: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ''} (commands: ${Object.keys(commands).join(', ')})`))
    return 2
  }
  const { command } = await commands[name].load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out([`usage: ${command.usage}`, '', commands[name].summary, '', ...command.help].join('\n'))
    return 0
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    const args = joinNegativeValues(rest, (flag) => command.options[flag]?.type === 'string')
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true })
  } catch (e) {
    io.err(escapeControl(`tunekit ${name}: ${flagError(e as Error, command)} (tunekit ${name} --help)`))
    return 2
  }
  const { positionals } = command
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    const what = parsed.positionals.length < positionals.min ? 'missing argument' : `unexpected argument "${parsed.positionals[positionals.max]}"`
    io.err(escapeControl(`tunekit ${name}: ${what}; usage: ${command.usage}`))
    return 2
  }
  return command.run(parsed.values, parsed.positionals)
}

/** node:util's message for a bad flag, with a "did you mean" for an unknown one. */
function flagError(e: Error, command: CommandDef): string {
  const message = e.message.replace(/\. To specify a positional.*$/s, '')
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(message)
  if (!unknown) return message
  const guess = closest(unknown[2]!, Object.keys(command.options))
  return guess ? `${message}; did you mean --${guess}?` : message
}

/**
 * Known errors in a line or two with exit 2 (invalid input) or 1 (failed run); a file-system error (a missing
 * folder, a read-only path, a full disk) in one line naming the path; unknown ones with their stack. Control
 * characters are escaped: messages quote file contents and trainer output.
 */
function reportError(e: unknown, io: CliIo): number {
  if (isTunekitError(e)) {
    io.err(escapeControl(`tunekit: ${redactText(e.format())}`, { multiline: true }))
    return e.exitCode
  }
  const fs = fileSystemError(e)
  if (fs) {
    io.err(escapeControl(`tunekit: ${redactText(fs.message)}`, { multiline: true }))
    return fs.exitCode
  }
  io.err(escapeControl(redactText(e instanceof Error ? (e.stack ?? e.message) : String(e)), { multiline: true }))
  return 1
}

/** Where the CLI's own lines go (commands print to the process streams themselves). */
export interface CliIo {
  out(line: string): void
  err(line: string): void
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) }

/** Runs one command line to its exit code; every error ends here, printed as reportError says. */
export async function runCli(argv: readonly string[], io: CliIo = consoleIo): Promise<number> {
  try {
    return await main(argv, io)
  } catch (e) {
    return reportError(e, io)
  }
}
