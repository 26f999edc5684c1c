import type { ParamSpec, SearchSpace, SearchSpaceInput } from './types.js'

/** The value type of one parameter: a number for float and int, the union of its choices, a constant's value. */
export type ParamValueOf<S> = S extends { readonly type: 'float' | 'int' }
  ? number
  : S extends { readonly type: 'categorical'; readonly choices: readonly (infer C)[] }
    ? C
    : S extends { readonly type: 'constant'; readonly value: infer V }
      ? V
      : never

type Conditional<P> = { [K in keyof P]: P[K] extends { readonly when: object } ? K : never }[keyof P]
type Flatten<T> = { [K in keyof T]: T[K] }

/**
 * The params of a space literal (`as const` or `defineSpace`): `{ type: 'float' }` is a number, `choices: ['sgd',
 * 'adam']` is `'sgd' | 'adam'`, and a parameter with `when` is optional (it is absent when its condition fails).
 */
export type InferParams<S extends { readonly parameters: Readonly<Record<string, ParamSpec>> }> = Flatten<
  { -readonly [K in Exclude<keyof S['parameters'], Conditional<S['parameters']>>]: ParamValueOf<S['parameters'][K]> } & {
    -readonly [K in Conditional<S['parameters']>]?: ParamValueOf<S['parameters'][K]>
  }
>

/** The params of whatever createStudy accepts as a space: inferred from a literal, else any Params. */
export type ParamsOf<S> = S extends SearchSpace | string
  ? Record<string, string | number | boolean>
  : S extends SearchSpaceInput
    ? InferParams<S>
    : Record<string, string | number | boolean>

/**
 * A search space literal with its types kept (the `as const` of a space): `createStudy({ space })` and a trial's params
 * are typed from it. Returns the space unchanged.
 */
export function defineSpace<const S extends SearchSpaceInput>(space: S): S {
  return space
}
