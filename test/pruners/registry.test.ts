import { describe, expect, it } from 'vitest'
import { TunekitError } from '../../src/index.js'
import {
  type AshaPruner,
  builtinPruners,
  createPruner,
  type HyperbandPruner,
  lastIntermediate,
  type MedianPruner,
  NonePruner,
  prunerIssues,
  prunerNames,
  registerPruner,
} from '../../src/pruners/index.js'
import { running } from '../../src/testing/trials.js'

function thrown(f: () => unknown): TunekitError {
  try {
    f()
  } catch (e) {
    if (e instanceof TunekitError) return e
    throw e
  }
  throw new Error('did not throw')
}

describe('pruner registry', () => {
  it('has none, median, asha and hyperband, each with a description and an options schema', () => {
    expect(prunerNames()).toEqual(expect.arrayContaining(['none', 'median', 'asha', 'hyperband']))
    for (const factory of Object.values(builtinPruners)) {
      expect(factory.description).not.toBe('')
      expect(factory.optionsSchema).toMatchObject({ type: 'object', additionalProperties: false })
    }
  })

  it('creates none when no pruner is configured, and each pruner with its defaults', () => {
    expect(createPruner(undefined)).toBeInstanceOf(NonePruner)
    expect(prunerIssues(undefined, '/pruner')).toEqual([])
    expect(createPruner({ name: 'none' }).name).toBe('none')
    expect((createPruner({ name: 'median' }) as MedianPruner).options).toEqual({ startupTrials: 5, warmupSteps: 0, intervalSteps: 1, minTrials: 1 })
    expect((createPruner({ name: 'asha' }) as AshaPruner).options).toEqual({ minResource: 1, reductionFactor: 3, maxResource: 'auto', minEarlyStoppingRate: 0 })
    expect((createPruner({ name: 'hyperband' }) as HyperbandPruner).options).toEqual({ minResource: 1, reductionFactor: 3, maxResource: 'auto' })
    expect((createPruner({ name: 'median', startupTrials: 0, warmupSteps: 3 }) as MedianPruner).options).toMatchObject({ startupTrials: 0, warmupSteps: 3 })
  })

  it('accepts valid options', () => {
    expect(prunerIssues({ name: 'median', startupTrials: 5, warmupSteps: 3, intervalSteps: 2, minTrials: 2 }, '/pruner')).toEqual([])
    expect(prunerIssues({ name: 'asha', minResource: 2, reductionFactor: 4, maxResource: 100, minEarlyStoppingRate: 1 }, '/pruner')).toEqual([])
    expect(prunerIssues({ name: 'hyperband', maxResource: 'auto' }, '/pruner')).toEqual([])
  })

  describe('option errors, with the JSON path and a fix', () => {
    it('an unknown option, listing the allowed ones', () => {
      const [issue, ...rest] = prunerIssues({ name: 'median', startupTrial: 5 }, '/pruner')
      expect(rest).toEqual([])
      expect(issue?.path).toBe('/pruner/startupTrial')
      expect(issue?.message).toMatch(/unknown property "startupTrial"; remove it or check its spelling/)
      expect(issue?.message).toContain('startupTrials, warmupSteps, intervalSteps, minTrials')
    })

    it('a negative startupTrials, saying what the option means and its default', () => {
      expect(prunerIssues({ name: 'median', startupTrials: -1 }, '/pruner')).toEqual([
        {
          path: '/pruner/startupTrials',
          message: 'must be >= 0 (startupTrials: finished (complete or pruned) trials needed before anything is pruned; default 5)',
        },
      ])
      expect(prunerIssues({ name: 'median', startupTrials: 2.5 }, '/pruner')[0]?.message).toMatch(/^must be an integer/)
    })

    it('reductionFactor below 2', () => {
      for (const name of ['asha', 'hyperband']) {
        const issues = prunerIssues({ name, reductionFactor: 1 }, '/pruner')
        expect(issues).toHaveLength(1)
        expect(issues[0]).toMatchObject({ path: '/pruner/reductionFactor' })
        expect(issues[0]?.message).toMatch(/^must be >= 2 \(reductionFactor: /)
      }
    })

    it('every problem at once', () => {
      const issues = prunerIssues({ name: 'asha', minResource: 0, reductionFactor: 1, maxResource: 'big', extra: true }, '/pruner')
      expect(issues.map((i) => i.path).sort()).toEqual([
        '/pruner/extra',
        '/pruner/maxResource',
        '/pruner/maxResource',
        '/pruner/minResource',
        '/pruner/reductionFactor',
      ])
      expect(issues.filter((i) => i.path === '/pruner/maxResource').map((i) => i.message.split(' (')[0])).toEqual(['must be "auto"', 'must be an integer'])
    })

    it('a maxResource that leaves no rung below it', () => {
      expect(prunerIssues({ name: 'hyperband', minResource: 4, maxResource: 4 }, '/pruner')).toEqual([
        {
          path: '/pruner/maxResource',
          message: "must be greater than minResource (4), the first rung's step, or nothing is ever pruned; raise it or lower minResource",
        },
      ])
      expect(prunerIssues({ name: 'asha', maxResource: 9, minEarlyStoppingRate: 2 }, '/pruner')[0]?.message).toMatch(
        /first rung's step, minResource·reductionFactor\^minEarlyStoppingRate = 9/,
      )
      expect(prunerIssues({ name: 'asha', maxResource: 10, minEarlyStoppingRate: 2 }, '/pruner')).toEqual([])
    })

    it('an unknown or missing pruner name, listing the names', () => {
      expect(prunerIssues({ name: 'medain' }, '/pruner')).toEqual([
        { path: '/pruner/name', message: 'unknown pruner "medain"; use one of none, median, asha, hyperband' },
      ])
      expect(prunerIssues({ startupTrials: 5 }, '/pruner')[0]).toMatchObject({ path: '/pruner/name' })
      expect(prunerIssues('median', '/pruner')).toEqual([{ path: '/pruner', message: 'must be an object like {"name": "median", "startupTrials": 5}' }])
    })
  })

  it('createPruner throws UNKNOWN_PRUNER or INVALID_OPTIONS, naming the problem', () => {
    const unknown = thrown(() => createPruner({ name: 'medain' }, 'experiments/x.json'))
    expect(unknown.code).toBe('UNKNOWN_PRUNER')
    expect(unknown.exitCode).toBe(2)
    expect(unknown.file).toBe('experiments/x.json')
    expect(unknown.message).toContain('none, median, asha, hyperband')
    const invalid = thrown(() => createPruner({ name: 'median', startupTrials: -1 }))
    expect(invalid.code).toBe('INVALID_OPTIONS')
    expect(invalid.message).toContain('/startupTrials: must be >= 0')
  })

  it('registers a custom pruner, validated like the built-in ones', () => {
    registerPruner('never', {
      description: 'test',
      optionsSchema: { type: 'object', properties: { patience: { type: 'integer', minimum: 1 } }, additionalProperties: false },
      create: () => ({ name: 'never', shouldPrune: () => false }),
    })
    expect(prunerNames()).toContain('never')
    expect(createPruner({ name: 'never', patience: 2 }).name).toBe('never')
    expect(prunerIssues({ name: 'never', patience: 0 }, '/pruner')).toEqual([{ path: '/pruner/patience', message: 'must be >= 1' }])
    expect(thrown(() => registerPruner('no spaces', builtinPruners.none)).code).toBe('INVALID_ARGUMENT')
  })

  it('lastIntermediate is the report just made', () => {
    expect(lastIntermediate(running(0, { 1: 0.5, 2: 0.4 }))).toEqual({ step: 2, value: 0.4 })
    expect(lastIntermediate(running(0, []))).toBeUndefined()
  })
})
