export { buildArgv, placeholderNames } from './argv.js'
export { runCommandTrial, type CommandRunOptions } from './run.js'
export { commandTrainerSchema, DEFAULT_KILL_GRACE_SECONDS, type CommandTrainerSpec } from './spec.js'
