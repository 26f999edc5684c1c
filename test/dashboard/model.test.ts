import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { TrialFailure } from '../../src/errors.js'
import { reportData } from '../../src/report/html/report-data.js'
import type { Importance } from '../../src/report/importance/ped-anova.js'
import { openStorage } from '../../src/storage/index.js'
import { createStudy } from '../../src/study/index.js'
import { ROOT, tempDir } from '../helpers/cli.js'

/** The dashboard's browser code that turns API records into the report's columns, loaded as the page loads it. */
function dashboardColumns(): (detail: unknown, trials: unknown[]) => { trials: Record<string, unknown> } {
  const window = { TK: {} as { live?: { columns: (d: unknown, t: unknown[]) => { trials: Record<string, unknown> } } } }
  runInNewContext(readFileSync(join(ROOT, 'assets/dashboard/model.js'), 'utf8'), { window })
  return window.TK.live!.columns
}

describe("the dashboard's trial columns", () => {
  it('are the static report’s, the proposer column included (auto’s choices and an enqueued trial)', async () => {
    const dir = tempDir()
    const storage = join(dir, 'store.json')
    const study = await createStudy({ name: 'm', space: { parameters: { x: { type: 'float', low: 0, high: 1 } } }, storage })
    await study.enqueue({ x: 0.25 })
    await study.optimize(
      async (params, trial) => {
        await trial.report(1, params.x)
        if (params.x > 0.9) throw new TrialFailure('too large', `x = ${params.x}`)
        return params.x
      },
      { trials: 6, catch: true },
    )
    await study.close()
    const st = await openStorage(storage, { readonly: true })
    const [record] = await st.listStudies()
    const trials = await st.getTrials(record!.name)
    await st.close()
    const report = reportData(record!, trials, {} as Importance)
    const detail = { study: record, params: report.params.map(({ name, axis, categories }) => ({ name, axis, categories })), metrics: [] }
    const live = dashboardColumns()(detail, JSON.parse(JSON.stringify(trials)))
    expect(report.trials.strategy).toEqual(expect.arrayContaining(['enqueued']))
    // The proposer column and every other trial column: the same as the report's.
    expect(JSON.parse(JSON.stringify(live.trials))).toEqual(JSON.parse(JSON.stringify(report.trials)))
  })
})
