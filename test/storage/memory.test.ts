import { openStorage } from '../../src/index.js'
import { storageConformance } from '../conformance/storage.js'

storageConformance('memory', () => openStorage(':memory:'))
