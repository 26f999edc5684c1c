/**
 * The `trainer` block of an experiment file that runs an external script as each trial:
 * `{ "command": ["python3", "train.py", "--lr", "{learning_rate}"], "timeoutSeconds": 900 }`.
 */
export interface CommandTrainerSpec {
  /** Program and arguments, never run through a shell; `{name}` placeholders take the trial's parameter values. */
  readonly command: readonly string[]
  /** Working directory, relative to the experiment file's folder (default: that folder). */
  readonly cwd?: string
  /** Wall-clock limit of one trial; past it the trial is stopped and fails with reason "timeout". */
  readonly timeoutSeconds?: number
  /** Variables added to the inherited environment. */
  readonly env?: Readonly<Record<string, string>>
  /** Seconds between SIGTERM and SIGKILL when a trial is stopped (default 5). */
  readonly killGraceSeconds?: number
}

/** Grace period between SIGTERM and SIGKILL when the spec does not set one. */
export const DEFAULT_KILL_GRACE_SECONDS = 5

/** JSON Schema of {@link CommandTrainerSpec}, for the experiment-file validator to embed. */
export const commandTrainerSchema = {
  type: 'object',
  description:
    'Runs an external program once per trial. It reports metrics by printing JSON objects, one per line, on stdout ' +
    '(e.g. {"step": 3, "val_loss": 0.41}); the objective metric in the last report is the trial\'s value.',
  properties: {
    command: {
      type: 'array',
      minItems: 1,
      items: { type: 'string' },
      description:
        'Program and arguments, run without a shell. "{name}" in an argument is replaced by the value of parameter name; ' +
        'an argument that is only the placeholder of an inactive parameter is dropped together with the "-" flag before it, ' +
        'and an argument that contains one inside other text is dropped alone.',
    },
    cwd: { type: 'string', description: 'Working directory, relative to the experiment file\'s folder (default ".").' },
    timeoutSeconds: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'Wall-clock limit of one trial in seconds; past it the trial is stopped and fails with reason "timeout".',
    },
    env: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Environment variables added to the inherited ones (TUNEKIT_PARAMS, TUNEKIT_TRIAL, TUNEKIT_EXPERIMENT and TUNEKIT_SEED are always set).',
    },
    killGraceSeconds: {
      type: 'number',
      minimum: 0,
      description: `Seconds between SIGTERM and SIGKILL when a trial is stopped (pruned, timed out, interrupted); default ${DEFAULT_KILL_GRACE_SECONDS}.`,
    },
  },
  required: ['command'],
  additionalProperties: false,
} as const
