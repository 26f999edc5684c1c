// Loads the worker thread's TypeScript source through tsx. Used only when tunekit itself runs from its sources
// (tests, benchmarks); the built package runs worker.js directly.
import { register } from 'tsx/esm/api'

register()
const worker = await import('./worker.ts')
export default worker.default
