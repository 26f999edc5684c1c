/**
 * A second process for storage tests, run as `node --import tsx test/helpers/store-child.ts <mode> <store> [json]`.
 * It prints one JSON line when it is ready, then:
 *   hold    keeps the store open (and locked) until its stdin closes, then closes it and exits;
 *   crash   runs a study (asks `asks` trials, tells the first `tells`), flushes, and waits to be killed;
 *   churn   asks, reports and tells trials as fast as it can until it is killed; with `yield: true` it lets the event
 *           loop turn between trials (as an objective doing I/O does), without, it never does (a synchronous trainer).
 */
import { createStudy, openStorage } from '../../src/index.js'
import type { SearchSpaceInput, StrategyConfig } from '../../src/index.js'

interface StudyArgs {
  readonly name: string
  readonly space: SearchSpaceInput
  readonly strategy: StrategyConfig
  readonly asks?: number
  readonly tells?: number
  readonly yield?: boolean
}

const [mode, store, json] = process.argv.slice(2)
if (!mode || !store) throw new Error('usage: store-child.ts <hold|crash|churn> <store> [json]')
const ready = (extra: Record<string, unknown> = {}): void => {
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, ...extra })}\n`)
}

switch (mode) {
  case 'hold': {
    const storage = await openStorage(store)
    ready()
    process.stdin.resume()
    process.stdin.on('end', () => {
      void storage.close().then(() => process.exit(0))
    })
    break
  }
  case 'crash': {
    const args = JSON.parse(json ?? '{}') as StudyArgs
    const study = await createStudy({ name: args.name, space: args.space, strategy: args.strategy, storage: store })
    const trials = []
    for (let i = 0; i < (args.asks ?? 1); i++) trials.push(await study.ask())
    for (const t of trials.slice(0, args.tells ?? 0)) await study.tell(t, t.number)
    await study.storage.flush()
    ready({ params: trials.map((t) => t.params) })
    setInterval(() => {}, 1000)
    break
  }
  case 'churn': {
    const args = JSON.parse(json ?? '{}') as StudyArgs
    const study = await createStudy({ name: args.name, space: args.space, strategy: args.strategy, storage: store })
    let announced = false
    for (;;) {
      const t = await study.ask()
      await t.report(0, t.number)
      await study.tell(t, t.number)
      if (args.yield) await new Promise((r) => setImmediate(r))
      if (!announced) {
        announced = true
        ready()
      }
    }
  }
  default:
    throw new Error(`unknown mode ${mode}`)
}
