export {
  DuplicateTrialError,
  type ErrorCode,
  FileError,
  type Issue,
  isTunekitError,
  StoreClosedError,
  StoreError,
  StrategyExhaustedError,
  StudyError,
  TrialFailure,
  TrialFinishedError,
  TrialPrunedError,
  TunekitError,
  UnknownTrialError,
  ValidationError,
} from './errors.js'
export type { BuiltinPrunerConfig, Pruner, PrunerConfig, PrunerFactory } from './pruners/index.js'
export { builtinPruners, createPruner, prunerNames, registerPruner } from './pruners/index.js'
export { gridCells, gridSize } from './space/grid.js'
export { loadSpaceFile, parseSpace, spaceIssues } from './space/parse.js'
export type { Param, ParamSpec, Params, ParamValue, SearchSpace, SearchSpaceInput } from './space/types.js'
export { openStorage, type StoreDriver, stores } from './storage/index.js'
export type { StaleOptions, Storage, TrialInit } from './storage/types.js'
export type { AskContext, BuiltinStrategyConfig, Exhausted, Strategy, StrategyFactory } from './strategies/index.js'
export { builtinStrategies, createStrategy, EXHAUSTED, registerStrategy, strategyNames } from './strategies/index.js'
export { createStudy, earlyStop, loadStudy, loadWarmStart, Study, warmStartTrials } from './study/index.js'
export type {
  CallbackStudy,
  EarlyStop,
  EarlyStopReason,
  LoadOptions,
  ModuleOptimizeOptions,
  Objective,
  OptimizeEnd,
  OptimizeOptions,
  SpaceOption,
  StudyCallback,
  StudyOptions,
  TellResult,
  Trial,
  WarmStart,
  WarmStartSource,
} from './study/index.js'
export type { TrainContext, Trainer, TrainerParam } from './trainers/index.js'
export { builtinTrainers, getTrainer, trainerNames } from './trainers/index.js'
export { type DatasetSplit, type LoadDatasetOptions, loadDataset, type SplitDataset } from './trainers/dataset.js'
export { type DefinedTrainer, defineTrainer, type TrainerDefinition, type TrainerParams } from './trainers/define.js'
export { loadModuleTrainer, moduleRef, type TrainerModuleRef } from './trainers/module.js'
export type { BestTrial } from './trial/best.js'
export type { TrialOutcome } from './trial/outcome.js'
export { isFinished, TRIAL_STATES, type TrialState } from './trial/state.js'
export type { Direction, IntermediateValue, Metrics, StrategyConfig, StudyRecord, TrialError, TrialRecord } from './trial/types.js'
export type { Factory, Registry } from './util/registry.js'
export { createRng, deriveSeed, type Rng } from './util/rng.js'
export { type BuiltinConfigs, type CheckConfig, type Registered, registered } from './util/config-types.js'
export { defineSpace, type InferParams, type ParamValueOf, type ParamsOf } from './space/infer.js'
