export { runCommandTrial, type CommandRunOptions } from './run.js'
