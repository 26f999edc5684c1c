export { runCommandTrial, type CommandRunOptions } from './run.js'
export { killGroupsOfDeadRuns } from './group-registry.js'
