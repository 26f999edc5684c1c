import { describe, expect, it } from 'vitest'
import { FileError, parseSpace, StoreClosedError, StoreError, StudyError, TrialFailure, TunekitError, ValidationError } from '../src/index.js'
import { MemoryStorage } from '../src/storage/memory.js'

function thrown(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error('expected a throw')
}

describe('errors', () => {
  it('an invalid space throws a ValidationError whose message lists every issue with its path', () => {
    const e = thrown(() =>
      parseSpace(
        {
          parameters: {
            lr: { type: 'float', low: 0, high: 1, log: true },
            n: { type: 'int', low: 5, high: 1 },
          },
        },
        'spaces/bad.json',
      ),
    )
    expect(e).toBeInstanceOf(ValidationError)
    const v = e as ValidationError
    expect(v.code).toBe('INVALID_SPACE')
    expect(v.issues).toHaveLength(2)
    const lines = v.message.split('\n')
    expect(lines[0]).toMatch(/2 problems/)
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}spaces\/bad\.json: \/parameters\/lr\/low: must be > 0/),
      expect.stringMatching(/^ {2}spaces\/bad\.json: \/parameters\/n\/high: must be >= low/),
    ])
    expect(v.exitCode).toBe(2)
  })

  it('one class per family of codes, each a TunekitError with its exit code', () => {
    expect(new FileError('NOT_JSON', 'x')).toBeInstanceOf(TunekitError)
    expect(new StudyError('STUDY_NOT_FOUND', 'x').exitCode).toBe(2)
    expect(new StoreError('STORE_FAILED', 'x').exitCode).toBe(1)
    expect(new StoreClosedError(':memory:')).toBeInstanceOf(StoreError)
    const f = new TrialFailure('diverged', 'the loss reached 1e12')
    expect([f.code, f.reason, f.message, f instanceof TunekitError]).toEqual(['TRIAL_FAILED', 'diverged', 'the loss reached 1e12', true])
    expect(new ValidationError('USAGE', 'x').name).toBe('ValidationError')
  })

  it('a closed memory store answers like every other store', async () => {
    const s = new MemoryStorage()
    await s.close()
    await expect(s.listStudies()).rejects.toBeInstanceOf(StoreClosedError)
  })
})
