import { describe, expect, it } from 'vitest'
import { StoreClosedError } from '../../errors.js'
import type { Storage } from '../../storage/types.js'
import type { SuiteContext } from './context.js'

/** A closed store answers every call the same way, whatever its backend: StoreClosedError (code STORE_CLOSED). */
export function closedSuite({ fresh, studyRecord, init, rejection }: SuiteContext): void {
  describe('after close', () => {
    it('refuses every call with StoreClosedError, and closing again is harmless', async () => {
      const s = await fresh()
      const st = studyRecord()
      await s.createStudy(st)
      const t = await s.createTrial(st.name, init(0))
      await s.close()
      const calls: [string, (s: Storage) => Promise<unknown>][] = [
        ['createStudy', (x) => x.createStudy(studyRecord())],
        ['getStudy', (x) => x.getStudy(st.name)],
        ['listStudies', (x) => x.listStudies()],
        ['createTrial', (x) => x.createTrial(st.name, init(1))],
        ['claimWaiting', (x) => x.claimWaiting(st.name)],
        ['reportIntermediate', (x) => x.reportIntermediate(st.name, t.number, 0, 1)],
        ['finishTrial', (x) => x.finishTrial(st.name, t.number, { state: 'complete', value: 1 })],
        ['getTrials', (x) => x.getTrials(st.name)],
        ['failStaleTrials', (x) => x.failStaleTrials(st.name)],
        ['flush', (x) => x.flush()],
      ]
      if (s.heartbeat) calls.push(['heartbeat', (x) => x.heartbeat!(st.name, [t.number])])
      if (s.importStudy) calls.push(['importStudy', (x) => x.importStudy!(studyRecord(), [])])
      for (const [what, call] of calls) {
        const e = await rejection(call(s))
        expect(e, what).toBeInstanceOf(StoreClosedError)
        expect(e.code, what).toBe('STORE_CLOSED')
      }
      await s.close()
    })
  })
}
