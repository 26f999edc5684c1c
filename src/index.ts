export { createStudy, loadStudy, Study } from './study/study.js'
export type { LoadOptions, Objective, OptimizeOptions, StudyOptions, TellResult, Trial } from './study/study.js'
export type { BestTrial } from './study/best.js'
export type { Direction, IntermediateValue, StrategyConfig, StudyRecord, TrialError, TrialOutcome, TrialRecord } from './study/types.js'
export { isFinished, TRIAL_STATES, type TrialState } from './study/state.js'
export { loadSpaceFile, parseSpace, spaceIssues } from './space/parse.js'
export { gridCells, gridSize } from './space/grid.js'
export type { Param, Params, ParamSpec, ParamValue, SearchSpace, SearchSpaceInput } from './space/types.js'
export { builtinStrategies, createStrategy, EXHAUSTED, registerStrategy, strategyNames } from './strategies/index.js'
export type { AskContext, Exhausted, Strategy, StrategyFactory } from './strategies/index.js'
export { openStorage } from './storage/index.js'
export type { StaleOptions, Storage, TrialInit } from './storage/index.js'
export { createRng, deriveSeed, type Rng } from './rng.js'
export {
  DuplicateTrialError,
  isTunekitError,
  StrategyExhaustedError,
  TrialFinishedError,
  TrialPrunedError,
  TunekitError,
  UnknownTrialError,
  ValidationError,
  type ErrorCode,
  type Issue,
} from './errors.js'
export { builtinPruners, createPruner, prunerNames, registerPruner } from './pruners/index.js'
export type { Pruner, PrunerConfig, PrunerFactory } from './pruners/index.js'
export { builtinTrainers, getTrainer, trainerNames, TrialFailure } from './trainers/index.js'
export type { Metrics, TrainContext, Trainer, TrainerParam } from './trainers/index.js'
