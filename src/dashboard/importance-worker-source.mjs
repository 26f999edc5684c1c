// Loads the importance thread's TypeScript source through tsx. Used only when tunekit itself runs from its sources
// (tests, benchmarks); the built package runs importance-worker.js directly.
import { register } from 'tsx/esm/api'

register()
await import('./importance-worker.ts')
