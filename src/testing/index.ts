/**
 * `tunekit/testing`: the conformance suites tunekit runs against its own strategies, pruners and stores, for yours.
 * Each is a function that declares vitest tests; call it at the top level of a test file.
 *
 *   import { registerStrategy } from 'tunekit'
 *   import { strategyConformance } from 'tunekit/testing'
 *   registerStrategy('mine', myFactory)
 *   strategyConformance('mine')
 */
export { prunerConformance } from './pruner.js'
export { type ConformanceOptions, storageConformance } from './storage/index.js'
export { strategyConformance } from './strategy.js'
