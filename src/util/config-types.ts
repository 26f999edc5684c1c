import type { Factory } from './registry.js'

/** The options type a factory's create() takes. */
export type OptionsOf<F> = F extends Factory<infer O, unknown> ? O : never

/**
 * The configs of a map of built-in factories as a discriminated union on `name`: `{ name: 'tpe', gamma?: number }`, so
 * that editors complete names and options and a misspelt name or option fails to compile. Derived from the map, so a
 * new built-in needs nothing here.
 */
export type BuiltinConfigs<M, Common = unknown> = {
  [K in keyof M & string]: { readonly name: K } & Common & Readonly<OptionsOf<M[K]>>
}[keyof M & string]

declare const REGISTERED: unique symbol
/** A config naming a strategy or pruner registered at run time: typed by `registered(...)`, checked when created. */
export type Registered<T> = T & { readonly [REGISTERED]: true }

/**
 * The explicit escape hatch for a strategy or pruner registered with registerStrategy / registerPruner, which the
 * built-in config unions do not know: `strategy: registered({ name: 'my-strategy', depth: 3 })`. Returns the config.
 */
export function registered<const T extends { readonly name: string }>(config: T): Registered<T> {
  return config as Registered<T>
}

/** A required property whose name is the message: what tsc prints for a config naming no built-in. */
type UnknownName<N> = { readonly [K in `"${N & string}" is not a built-in name: use one of those, or registered({...}) for a registered one`]: true }
type Exact<T, U, N> = [U] extends [never]
  ? UnknownName<N>
  : [Exclude<keyof T, keyof U>] extends [never]
    ? U
    : U & { readonly [K in Exclude<keyof T, keyof U>]: never }

/**
 * Checks a config given where a built-in union `B` is expected: a literal name must be a built-in's, with only its
 * options (a misspelt name or option fails to compile); a config whose name is only a `string` (read from input, or
 * typed as StrategyConfig) and a `registered(...)` one pass, to be checked when created.
 */
export type CheckConfig<T, B> = T extends { readonly name: infer N }
  ? string extends N
    ? T
    : T extends Registered<unknown>
      ? T
      : Exact<T, Extract<B, { readonly name: N }>, N>
  : B
