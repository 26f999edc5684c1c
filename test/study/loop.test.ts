import { describe, expect, it } from 'vitest'
import { runLoop } from '../../src/study/loop.js'
import type { Trial } from '../../src/study/types.js'
import type { TrialRecord } from '../../src/trial/types.js'

describe('the trial loop', () => {
  it('never asks for more trials than the budget, however many slots decide at once (a resume after SIGKILL ran 13 of 12)', async () => {
    for (const parallel of [2, 4, 8]) {
      let asked = 0
      let done = 0
      const budget = 5
      const study = {
        ask: async () => ({ number: asked++ }) as unknown as Trial,
        tellUnlessLost: async (t: Trial) => t as unknown as TrialRecord,
      }
      const end = await runLoop(study, parallel, {
        // As the sweep's budget does: read the store (an await), then count what is finished, running and being asked.
        next: async (asking) => {
          const seen = { asked, done } // the store as read; the read itself takes a while
          await new Promise((r) => setTimeout(r, 2))
          if (seen.done >= budget) return 'stop'
          return seen.asked + asking < budget ? 'ask' : 'again'
        },
        run: async () => {
          await new Promise((r) => setTimeout(r, 5))
          done++
          return { state: 'complete', value: 1 } as never
        },
        failure: () => ({ state: 'fail' }) as never,
      })
      expect(end.reason).toBe('done')
      expect(asked, `parallel ${parallel}`).toBe(budget)
    }
  })
})
