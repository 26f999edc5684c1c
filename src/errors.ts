/** One problem found in an input file: where it is and what to do about it. */
export interface Issue {
  /** JSON pointer inside the file, e.g. `/parameters/learning_rate/low` ('' for the whole document). */
  readonly path: string
  /** What is wrong and how to fix it, in one sentence. */
  readonly message: string
}

export type ErrorCode =
  | 'INVALID_SPACE'
  | 'INVALID_EXPERIMENT'
  | 'INVALID_OPTIONS'
  | 'INVALID_ARGUMENT'
  | 'FILE_NOT_FOUND'
  | 'NOT_JSON'
  | 'UNKNOWN_STRATEGY'
  | 'UNKNOWN_TRAINER'
  | 'UNKNOWN_PRUNER'
  | 'UNKNOWN_TRIAL'
  | 'TRIAL_FINISHED'
  | 'DUPLICATE_TRIAL'
  | 'STRATEGY_EXHAUSTED'
  | 'STORE_CORRUPT'
  | 'STORE_LOCKED'
  | 'STORE_UNREADABLE'
  | 'STORE_READONLY'
  | 'STORE_FAILED'
  | 'STUDY_NOT_FOUND'
  | 'STUDY_MISMATCH'
  | 'TRIAL_PRUNED'
  | 'USAGE'

/** Exit code the CLI uses for each error: 2 for invalid input, 1 for a failure while running. */
const INPUT_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_SPACE',
  'INVALID_EXPERIMENT',
  'INVALID_OPTIONS',
  'INVALID_ARGUMENT',
  'FILE_NOT_FOUND',
  'NOT_JSON',
  'UNKNOWN_STRATEGY',
  'UNKNOWN_TRAINER',
  'UNKNOWN_PRUNER',
  'STORE_CORRUPT',
  'STORE_LOCKED',
  'STORE_UNREADABLE',
  'STUDY_NOT_FOUND',
  'STUDY_MISMATCH',
  'USAGE',
])

/** Base of every error tunekit throws on purpose; `code` is stable and safe to switch on. */
export class TunekitError extends Error {
  override readonly name: string = 'TunekitError'
  readonly code: ErrorCode
  /** The file the error is about, when there is one. */
  readonly file: string | undefined
  /** Every problem found, for validation errors. */
  readonly issues: readonly Issue[]

  constructor(code: ErrorCode, message: string, options: { file?: string; issues?: readonly Issue[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.file = options.file
    this.issues = options.issues ?? []
  }

  get exitCode(): number {
    return INPUT_ERRORS.has(this.code) ? 2 : 1
  }

  /** The message as the CLI prints it: one line per issue, each naming the file and the JSON path. */
  format(): string {
    if (this.issues.length === 0) return this.file && !this.message.includes(this.file) ? `${this.file}: ${this.message}` : this.message
    const where = this.file ?? '<input>'
    const lines = this.issues.map((i) => `${where}: ${i.path || '/'}: ${i.message}`)
    return [`${this.message}`, ...lines.map((l) => `  ${l}`)].join('\n')
  }
}

export class ValidationError extends TunekitError {
  override readonly name = 'ValidationError'
}

/** Thrown by `ask` when a finite strategy (grid) has no configuration left; `optimize` stops cleanly on it. */
export class StrategyExhaustedError extends TunekitError {
  override readonly name = 'StrategyExhaustedError'
  constructor(strategy: string) {
    super('STRATEGY_EXHAUSTED', `the ${strategy} strategy has no configuration left to try (every cell was taken)`)
  }
}

/** Thrown by `tell` for a trial number the study does not have. */
export class UnknownTrialError extends TunekitError {
  override readonly name = 'UnknownTrialError'
  constructor(number: number, study: string) {
    super('UNKNOWN_TRIAL', `trial ${number} does not exist in study "${study}"; tell only trials returned by ask`)
  }
}

/** Thrown by `tell` (or a storage) for a trial that already finished: a finished trial never changes. */
export class TrialFinishedError extends TunekitError {
  override readonly name = 'TrialFinishedError'
  constructor(number: number, state: string) {
    super('TRIAL_FINISHED', `trial ${number} is already finished (state "${state}"); a finished trial cannot be told again`)
  }
}

/** Thrown by a store asked to create a trial whose unique key (a grid cell) another trial holds. */
export class DuplicateTrialError extends TunekitError {
  override readonly name = 'DuplicateTrialError'
  constructor(key: string, study: string) {
    super('DUPLICATE_TRIAL', `study "${study}" already has a trial for ${key}`)
  }
}

/** Thrown by an objective (or `trial.prune()`) to end a trial as pruned. */
export class TrialPrunedError extends TunekitError {
  override readonly name = 'TrialPrunedError'
  constructor(message = 'trial was pruned') {
    super('TRIAL_PRUNED', message)
  }
}

export function isTunekitError(e: unknown): e is TunekitError {
  return e instanceof TunekitError
}
