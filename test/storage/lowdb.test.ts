import { join } from 'node:path'
import { LowdbStorage } from '../../src/storage/lowdb.js'
import { storageConformance } from '../conformance/storage.js'
import { tempDir } from '../helpers/study.js'

const dir = tempDir()
let n = 0
storageConformance('lowdb', () => LowdbStorage.open(join(dir, `store-${n++}.json`)), { reopen: (location) => LowdbStorage.open(location) })
