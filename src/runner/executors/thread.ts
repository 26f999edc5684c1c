import { TrainerPool } from '../../trainers/threads/pool.js'
import type { Executor } from './types.js'

/**
 * Built-in and module trainers: the trainers' worker-thread pool (src/trainers/threads/, where `study.optimize(url)`
 * reaches it too) as the sweep runner's executor. A TrialJob and RunHooks are what the pool takes.
 */
export class ThreadExecutor extends TrainerPool implements Executor {}
