/** A value a parameter can take. */
export type ParamValue = string | number | boolean
/** The active parameters of one configuration, by name. */
export type Params = Record<string, ParamValue>

/** `when`: every named parameter must be active and equal to the value (or one of the values). */
export type Condition = Readonly<Record<string, ParamValue | readonly ParamValue[]>>

interface Base {
  readonly when?: Condition
  readonly description?: string
}

export interface FloatParam extends Base {
  readonly type: 'float'
  readonly low: number
  readonly high: number
  readonly log?: boolean
  readonly step?: number
}

export interface IntParam extends Base {
  readonly type: 'int'
  readonly low: number
  readonly high: number
  readonly log?: boolean
  readonly step?: number
}

export interface CategoricalParam extends Base {
  readonly type: 'categorical'
  readonly choices: readonly ParamValue[]
}

export interface ConstantParam extends Base {
  readonly type: 'constant'
  readonly value: ParamValue
}

export type ParamSpec = FloatParam | IntParam | CategoricalParam | ConstantParam

/** The search-space file format (`search-spaces/*.json`). */
export interface SearchSpaceInput {
  readonly $schema?: string
  readonly description?: string
  readonly parameters: Readonly<Record<string, ParamSpec>>
}

/** A validated parameter: bounds normalised (high lowered to the last step), its name attached. */
export type Param = ParamSpec & { readonly name: string }

/** A validated search space; parameters come in dependency order (a parameter after those its `when` names). */
export interface SearchSpace {
  readonly parameters: readonly Param[]
  readonly byName: ReadonlyMap<string, Param>
  /** The space as given (for storing alongside a study). */
  readonly source: SearchSpaceInput
  /** Notes on adjustments made (e.g. a step that did not divide the range). */
  readonly notes: readonly string[]
}
