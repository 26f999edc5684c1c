import { parentPort } from 'node:worker_threads'
import { forestImportance } from '../report/importance/fanova.js'
import { parameterImportance } from '../report/importance/ped-anova.js'
import type { StudyRecord, TrialRecord } from '../trial/types.js'

/** The importance thread: a study and its trials in, both evaluators' answers out, one job at a time. */
parentPort?.on('message', (job: { id: number; study: StudyRecord; trials: TrialRecord[] }) => {
  try {
    const importance = parameterImportance(job.study, job.trials)
    const forest = forestImportance(job.study, job.trials, { trees: 16 })
    parentPort?.postMessage({ id: job.id, importance, forest })
  } catch (e) {
    parentPort?.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) })
  }
})
