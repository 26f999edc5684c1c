import { afterEach, describe } from 'vitest'
import { TunekitError } from '../../errors.js'
import { openStorage } from '../../storage/index.js'
import type { Storage } from '../../storage/types.js'
import type { StudyRecord } from '../../trial/types.js'
import { changesSuite } from './changes.js'
import { closedSuite } from './closed.js'
import type { ConformanceOptions, SuiteContext } from './context.js'
import { durabilitySuite } from './durability.js'
import { finishingSuite } from './finishing.js'
import { importSuite } from './import.js'
import { keysWaitingSuite } from './keys-waiting.js'
import { objectivesSuite } from './objectives.js'
import { staleSuite } from './stale.js'
import { studiesTrialsSuite } from './studies-trials.js'

export type { ConformanceOptions } from './context.js'

let counter = 0

/**
 * The storage conformance suite: what every Storage must do, whatever keeps the data. Each implementation (ours, or
 * a store you register) runs it in a line, inside a vitest test file:
 *
 *   storageConformance('lowdb', () => LowdbStorage.open(freshPath()))
 *
 * `open` must give a store in which the suite may create studies (names are unique per test, so a shared database is
 * fine). Stores whose location is not ":memory:" are persistent: the suite closes them and opens the location again
 * with `reopen` (default: openStorage) to check that everything survived, and opens a reader beside a writer with
 * `openReader` to check what flush() promises. With `heartbeatStale`, it checks how lost trials are failed and retried.
 */
export function storageConformance(name: string, open: () => Promise<Storage>, options: ConformanceOptions = {}): void {
  const reopen = options.reopen ?? ((location: string) => openStorage(location))
  const reader = options.openReader ?? ((location: string) => openStorage(location, { readonly: true }))

  describe(`Storage conformance: ${name}`, () => {
    const opened: Storage[] = []
    const track = async (s: Promise<Storage>): Promise<Storage> => {
      const store = await s
      opened.push(store)
      return store
    }
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close()
    })
    const ctx: SuiteContext = {
      fresh: () => track(open()),
      again: (location) => track(reopen(location)),
      openReader: (location) => track(reader(location)),
      studyRecord: (overrides: Partial<StudyRecord> = {}) => ({
        name: `study-${process.pid}-${Date.now().toString(36)}-${counter++}`,
        direction: 'minimize',
        metric: 'loss',
        strategy: { name: 'random', seed: 3 },
        space: { parameters: { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b'] } } },
        seed: 3,
        createdAt: new Date().toISOString(),
        ...overrides,
      }),
      init: (i) => ({ params: { x: i / 100, c: i % 2 === 0 ? 'a' : 'b' }, seed: 1000 + i, strategy: 'random' }),
      rejection: async (p) => {
        const e = await p.then(
          () => undefined,
          (err: unknown) => err,
        )
        if (!(e instanceof TunekitError)) throw new Error(`expected a TunekitError, got ${String(e)}`)
        return e
      },
      options,
    }
    studiesTrialsSuite(ctx)
    finishingSuite(ctx)
    staleSuite(ctx)
    keysWaitingSuite(ctx)
    durabilitySuite(ctx)
    importSuite(ctx)
    changesSuite(ctx)
    objectivesSuite(ctx)
    closedSuite(ctx)
  })
}
