export { createStudy, loadStudy, openStudy, type StudySpec } from './open.js'
export { Study, type StudyParts } from './study.js'
export type { LoadOptions, Objective, ObjectiveResult, ObjectiveReturn, OptimizeOptions, StudyOptions, TellResult, Trial } from './types.js'
