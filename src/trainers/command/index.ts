export { buildArgv, placeholderNames } from './argv.js'
export { commandTrainerSchema, DEFAULT_KILL_GRACE_SECONDS, type CommandTrainerSpec } from './spec.js'
