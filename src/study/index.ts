export { createStudy, loadStudy, openStudy, type StudySpec } from './open.js'
export { Study, type StudyParts } from './study.js'
export type { OptimizeEnd } from './optimize.js'
export { loadWarmStart, type WarmStart, type WarmStartSource, warmStartTrials } from './warm-start.js'
export { type EarlyStop, type EarlyStopReason, earlyStop } from './stopping.js'
export type {
  CallbackStudy,
  LoadOptions,
  ModuleOptimizeOptions,
  Objective,
  OptimizeOptions,
  SpaceOption,
  StudyCallback,
  StudyOptions,
  TellResult,
  Trial,
} from './types.js'
