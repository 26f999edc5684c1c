import type { ParseArgsConfig } from 'node:util'

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

/** One CLI command, as data: parsed by main.ts, which prints its help and checks its arguments. */
export interface CommandDef {
  readonly name: string
  /** e.g. "tunekit validate <file>" */
  readonly usage: string
  /** Lines of help after the usage line (options and examples). */
  readonly help: readonly string[]
  readonly options: OptionsConfig
  /** How many positional arguments it takes. */
  readonly positionals: { readonly min: number; readonly max: number }
  /** Runs the command; returns the exit code. Known errors are thrown as TunekitError. */
  run(values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>, positionals: readonly string[]): Promise<number>
}
