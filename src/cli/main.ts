#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { isTunekitError } from '../errors.js'
import type { CommandDef } from './command.js'

/** Commands load lazily, so that `tunekit --help` is instant and `run` does not load the report code. */
const commands = {
  run: () => import('./commands/run.js'),
  worker: () => import('./commands/worker.js'),
  report: () => import('./commands/report.js'),
  compare: () => import('./commands/compare.js'),
  validate: () => import('./commands/validate.js'),
  sample: () => import('./commands/sample.js'),
  migrate: () => import('./commands/migrate.js'),
} satisfies Record<string, () => Promise<{ command: CommandDef }>>

const summaries: Record<keyof typeof commands, string> = {
  run: 'run a sweep described by an experiment file (resumes a stopped one)',
  worker: 'join a sweep on a shared store (PostgreSQL) and run trials until its budget is met',
  report: 'show the trials of a store as a table, JSON, CSV or HTML',
  compare: 'compare experiments and groups of repeated runs (table, JSON or HTML)',
  validate: 'check a search-space or experiment file',
  sample: 'print configurations a strategy draws from a space',
  migrate: 'copy studies between stores (a JSON file and PostgreSQL, either way), losing nothing',
}

function mainHelp(): string {
  return [
    'tunekit: hyperparameter search for Node.js',
    '',
    'usage: tunekit <command> [options]',
    '',
    'commands:',
    ...Object.entries(summaries).map(([n, s]) => `  ${n.padEnd(10)} ${s}`),
    '',
    'tunekit <command> --help shows the options of a command.',
  ].join('\n')
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp())
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    const { createRequire } = await import('node:module')
    console.log((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
    return 0
  }
  if (!Object.prototype.hasOwnProperty.call(commands, name)) {
    console.error(`tunekit: unknown command "${name}"; commands: ${Object.keys(commands).join(', ')} (tunekit --help)`)
    return 2
  }
  const { command } = await commands[name as keyof typeof commands]()
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log([`usage: ${command.usage}`, '', command.summary, '', ...command.help].join('\n'))
    return 0
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true })
  } catch (e) {
    console.error(`tunekit ${name}: ${(e as Error).message.replace(/\. To specify a positional.*$/s, '')} (tunekit ${name} --help)`)
    return 2
  }
  const { positionals } = command
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    const what = parsed.positionals.length < positionals.min ? 'missing argument' : `unexpected argument "${parsed.positionals[positionals.max]}"`
    console.error(`tunekit ${name}: ${what}; usage: ${command.usage}`)
    return 2
  }
  return command.run(parsed.values, parsed.positionals)
}

/** Known errors in a line or two with exit 2 (invalid input) or 1 (failed run); unknown ones with their stack. */
function reportError(e: unknown): number {
  if (isTunekitError(e)) {
    console.error(`tunekit: ${e.format()}`)
    return e.exitCode
  }
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e))
  return 1
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.exitCode = reportError(e)
  },
)
