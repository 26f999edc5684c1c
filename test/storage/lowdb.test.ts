import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { LowdbStorage } from '../../src/storage/lowdb.js'
import { storageConformance } from '../../src/testing/index.js'
import { tempDir } from '../helpers/study.js'

const dir = tempDir()
let n = 0
storageConformance('lowdb', () => LowdbStorage.open(join(dir, `store-${n++}.json`)), { reopen: (location) => LowdbStorage.open(location) })

it('writes a store file that is plain JSON in the documented shape once closed', async () => {
  const path = join(dir, 'shape.json')
  const s = await LowdbStorage.open(path)
  await s.createStudy({
    name: 's',
    direction: 'minimize',
    metric: 'v',
    strategy: { name: 'random' },
    space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
    seed: 1,
    createdAt: '',
  })
  const t = await s.createTrial('s', { params: { x: 0.5 }, seed: 3, strategy: 'random' })
  await s.finishTrial('s', t.number, { state: 'complete', value: 0.25 })
  await s.close()
  const data = JSON.parse(readFileSync(path, 'utf8')) as {
    version: number
    studies: { study: { name: string }; trials: { number: number; state: string; value: number }[] }[]
  }
  expect(data.version).toBe(1)
  expect(data.studies[0]!.study.name).toBe('s')
  expect(data.studies[0]!.trials).toMatchObject([{ number: 0, state: 'complete', value: 0.25 }])
})
