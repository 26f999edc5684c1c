/**
 * Every error tunekit throws on purpose, in one file: a base class with a stable `code`, and one class per family of
 * codes, so that callers can switch on `code` or test `instanceof` and get the same answer.
 */

/** One problem found in an input file: where it is and what to do about it. */
export interface Issue {
  /** JSON pointer inside the file, e.g. `/parameters/learning_rate/low` ('' for the whole document). */
  readonly path: string
  /** What is wrong and how to fix it, in one sentence. */
  readonly message: string
}

/** Codes of invalid input: a file, an option, a name or an argument that cannot be used as given (CLI exit 2). */
export type ValidationCode =
  | 'INVALID_SPACE'
  | 'INVALID_EXPERIMENT'
  | 'INVALID_OPTIONS'
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_STRATEGY'
  | 'UNKNOWN_TRAINER'
  | 'INVALID_TRAINER'
  | 'UNKNOWN_PRUNER'
  | 'USAGE'
/** Codes of files that cannot be read as input (exit 2). */
export type FileCode = 'FILE_NOT_FOUND' | 'NOT_JSON'
/** Codes of stores: unusable before a run (exit 2), or lost or closed during one (exit 1). */
export type StoreCode = 'STORE_CORRUPT' | 'STORE_LOCKED' | 'STORE_UNREADABLE' | 'STORE_READONLY' | 'STORE_FAILED' | 'STORE_CLOSED'
/** Codes of studies that are missing or do not match what is asked (exit 2). */
export type StudyCode = 'STUDY_NOT_FOUND' | 'STUDY_MISMATCH'
/** Codes about one trial: asked for what the study does not allow. */
export type TrialCode = 'UNKNOWN_TRIAL' | 'TRIAL_FINISHED' | 'DUPLICATE_TRIAL' | 'TRIAL_PRUNED' | 'TRIAL_FAILED'

export type ErrorCode = ValidationCode | FileCode | StoreCode | StudyCode | TrialCode | 'STRATEGY_EXHAUSTED'

/** The codes the CLI answers with exit 2 (invalid input); every other one is a failed run (exit 1). */
const INPUT_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_SPACE',
  'INVALID_EXPERIMENT',
  'INVALID_OPTIONS',
  'INVALID_ARGUMENT',
  'UNKNOWN_STRATEGY',
  'UNKNOWN_TRAINER',
  'INVALID_TRAINER',
  'UNKNOWN_PRUNER',
  'USAGE',
  'FILE_NOT_FOUND',
  'NOT_JSON',
  'STORE_CORRUPT',
  'STORE_LOCKED',
  'STORE_UNREADABLE',
  'STUDY_NOT_FOUND',
  'STUDY_MISMATCH',
])

export interface ErrorOptions {
  /** The file the error is about (a path as the user named it, or a store location without its password). */
  readonly file?: string
  /** Every problem found (validation errors): each becomes a line of the message. */
  readonly issues?: readonly Issue[]
  readonly cause?: unknown
}

/**
 * Base of every error tunekit throws on purpose; `code` is stable and safe to switch on. With issues, the message is
 * the summary line followed by one line per issue (`file: /json/path: what to do`), so `e.message` alone says it all.
 */
export class TunekitError extends Error {
  override readonly name: string = 'TunekitError'
  readonly code: ErrorCode
  /** The file the error is about, when there is one. */
  readonly file: string | undefined
  /** Every problem found, for validation errors. */
  readonly issues: readonly Issue[]

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    const issues = options.issues ?? []
    const where = options.file ?? '<input>'
    const text = issues.length === 0 ? message : [message, ...issues.map((i) => `  ${where}: ${i.path || '/'}: ${i.message}`)].join('\n')
    super(text, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.file = options.file
    this.issues = issues
  }

  /** The CLI's exit code for it: 2 for invalid input, 1 for a failure while running. */
  get exitCode(): number {
    return INPUT_ERRORS.has(this.code) ? 2 : 1
  }

  /** The message as the CLI prints it: it names the file when the message does not already. */
  format(): string {
    return this.file && !this.message.includes(this.file) ? `${this.file}: ${this.message}` : this.message
  }
}

/**
 * A family of codes as a class of its own: `instanceof ValidationError` and `code` always agree. The constructor takes
 * only the family's codes, so a storage error cannot be thrown as a validation error by mistake.
 */
function family<C extends ErrorCode>(name: string) {
  return class extends TunekitError {
    override readonly name: string = name
    declare readonly code: C
    constructor(code: C, message: string, options: ErrorOptions = {}) {
      super(code, message, options)
    }
  }
}

/** Invalid input: a space, an experiment, options, a name or an argument; `issues` lists every problem found at once. */
export class ValidationError extends family<ValidationCode>('ValidationError') {}

/** A file that cannot be read as input: missing, a folder, unreadable, or not JSON. */
export class FileError extends family<FileCode>('FileError') {}

/** A store that cannot be used: corrupt, locked by another writer, unreachable, read-only, lost mid-run, or closed. */
export class StoreError extends family<StoreCode>('StoreError') {}

/** A study that is not in the store, or exists there with other settings. */
export class StudyError extends family<StudyCode>('StudyError') {}

/** Thrown by every store for any call after close(): a closed store answers one way, whatever its backend. */
export class StoreClosedError extends StoreError {
  constructor(location: string) {
    super('STORE_CLOSED', `${location}: the store was closed; open it again`, { file: location })
  }
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

/** Thrown by an objective or a trainer to end a trial as pruned. */
export class TrialPrunedError extends TunekitError {
  override readonly name = 'TrialPrunedError'
  constructor(message = 'trial was pruned') {
    super('TRIAL_PRUNED', message)
  }
}

/** Thrown by a trainer to end a trial as failed with a short reason ("diverged"), never as a NaN score. */
export class TrialFailure extends TunekitError {
  override readonly name = 'TrialFailure'
  constructor(
    readonly reason: string,
    message?: string,
  ) {
    super('TRIAL_FAILED', message ?? reason)
  }
}

export function isTunekitError(e: unknown): e is TunekitError {
  return e instanceof TunekitError
}
