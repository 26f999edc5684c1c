import { describe, expect, it } from 'vitest'
import { MedianPruner } from '../../src/pruners/index.js'
import { medianOf } from '../../src/pruners/median.js'
import { complete, failed, negated, pruned, running, trial } from '../../src/testing/trials.js'

const DEFAULTS = { startupTrials: 5, warmupSteps: 0, intervalSteps: 1, minTrials: 1 }
const pruner = (options: Partial<typeof DEFAULTS> = {}) => new MedianPruner({ ...DEFAULTS, ...options })

// Five finished trials (minimize), values at steps 1, 2, 3:
//   step 1: 1.0 0.9 0.8 1.2 0.7  -> sorted 0.7 0.8 0.9 1.0 1.2, median 0.9
//   step 2: 0.8 0.7 0.6 1.1 0.5  -> sorted 0.5 0.6 0.7 0.8 1.1, median 0.7
//   step 3: 0.6 0.5 0.4  -  0.3  -> trial 3 was pruned at step 2; median (0.4 + 0.5) / 2 = 0.45
const HISTORY = [complete(0, [1.0, 0.8, 0.6]), complete(1, [0.9, 0.7, 0.5]), complete(2, [0.8, 0.6, 0.4]), pruned(3, [1.2, 1.1]), complete(4, [0.7, 0.5, 0.3])]

describe('median pruner', () => {
  it('prunes a trial worse than the median at its step, and keeps a tie or a better one', () => {
    expect(pruner().shouldPrune(running(5, [0.95]), HISTORY, 'minimize')).toBe(true)
    expect(pruner().shouldPrune(running(5, [0.9]), HISTORY, 'minimize')).toBe(false) // tie: not worse
    expect(pruner().shouldPrune(running(5, [0.85]), HISTORY, 'minimize')).toBe(false)
    expect(pruner().shouldPrune(running(5, [0.95, 0.75]), HISTORY, 'minimize')).toBe(true) // best 0.75 > 0.7
    expect(pruner().shouldPrune(running(5, [0.95, 0.8, 0.46]), HISTORY, 'minimize')).toBe(true) // best 0.46 > 0.45
    expect(pruner().shouldPrune(running(5, [0.95, 0.8, 0.45]), HISTORY, 'minimize')).toBe(false)
  })

  it("compares the trial's best value so far, not its last one", () => {
    // Best 0.5 at step 1 beats the step-2 median 0.7 even though the report just made (0.95) does not.
    expect(pruner().shouldPrune(running(5, [0.5, 0.95]), HISTORY, 'minimize')).toBe(false)
  })

  it('maximizes the mirror image', () => {
    const history = HISTORY.map(negated) // step-1 median -0.9
    expect(pruner().shouldPrune(running(5, [-0.95]), history, 'maximize')).toBe(true)
    expect(pruner().shouldPrune(running(5, [-0.9]), history, 'maximize')).toBe(false)
    expect(pruner().shouldPrune(running(5, [-0.85]), history, 'maximize')).toBe(false)
    expect(pruner().shouldPrune(running(5, [-0.5, -0.95]), history, 'maximize')).toBe(false) // best -0.5 > -0.7
    // The same minimize history read as maximize: 0.95 is above the 0.9 median, so it is kept.
    expect(pruner().shouldPrune(running(5, [0.95]), HISTORY, 'maximize')).toBe(false)
    expect(pruner().shouldPrune(running(5, [0.85]), HISTORY, 'maximize')).toBe(true)
  })

  describe('startupTrials', () => {
    it('prunes nothing until that many trials finished, pruned ones counting', () => {
      const bad = running(5, [5.0])
      expect(pruner().shouldPrune(bad, HISTORY, 'minimize')).toBe(true) // 4 complete + 1 pruned = 5
      expect(pruner().shouldPrune(bad, HISTORY.slice(0, 4), 'minimize')).toBe(false) // 4 finished
      expect(pruner({ startupTrials: 4 }).shouldPrune(bad, HISTORY.slice(0, 4), 'minimize')).toBe(true)
    })

    it('counts neither running, failed nor waiting trials', () => {
      const bad = running(9, [5.0])
      const four = HISTORY.slice(0, 4)
      const others = [running(5, [0.1, 0.1]), failed(6, [0.1]), trial(7, 'waiting')]
      expect(pruner().shouldPrune(bad, [...four, ...others], 'minimize')).toBe(false)
    })

    it('with 0, still prunes nothing before some finished trial reported the step', () => {
      expect(pruner({ startupTrials: 0 }).shouldPrune(running(0, [5.0]), [], 'minimize')).toBe(false)
      expect(pruner({ startupTrials: 0 }).shouldPrune(running(1, [5.0]), [running(0, [0.1])], 'minimize')).toBe(false)
      expect(pruner({ startupTrials: 0 }).shouldPrune(running(1, [5.0]), [complete(0, [0.1])], 'minimize')).toBe(true)
    })
  })

  it('uses the values pruned trials reported, unlike Optuna which compares with complete trials only', () => {
    // Step 1 with trial 3 (pruned, 1.2): median 0.9, so 0.87 is kept. Complete trials alone
    // (1.0 0.9 0.8 0.7) have median 0.85, which would prune it.
    expect(pruner().shouldPrune(running(5, [0.87]), HISTORY, 'minimize')).toBe(false)
    expect(
      pruner({ startupTrials: 4 }).shouldPrune(
        running(5, [0.87]),
        HISTORY.filter((t) => t.state === 'complete'),
        'minimize',
      ),
    ).toBe(true)
  })

  it("ignores running and failed trials' values", () => {
    // Counted, 0.1 0.1 0.05 would pull the step-1 median to 0.8 and prune 0.85.
    const history = [...HISTORY, running(6, [0.1, 0.1]), running(7, [0.1]), failed(8, [0.05])]
    expect(pruner().shouldPrune(running(5, [0.85]), history, 'minimize')).toBe(false)
  })

  it('skips steps before warmupSteps', () => {
    expect(pruner({ warmupSteps: 2 }).shouldPrune(running(5, [5.0]), HISTORY, 'minimize')).toBe(false) // step 1
    expect(pruner({ warmupSteps: 2 }).shouldPrune(running(5, [5.0, 5.0]), HISTORY, 'minimize')).toBe(true) // step 2
  })

  it('decides once per interval: at the first report at or past warmup + k·interval', () => {
    const p = pruner({ intervalSteps: 2 }) // pruning steps 0, 2, 4, ...
    expect(p.shouldPrune(running(5, [5.0]), HISTORY, 'minimize')).toBe(true) // the first report after step 0
    expect(p.shouldPrune(running(5, [5.0, 5.0]), HISTORY, 'minimize')).toBe(true) // step 2
    expect(p.shouldPrune(running(5, [5.0, 5.0, 5.0]), HISTORY, 'minimize')).toBe(false) // step 3: 2 already decided
    expect(p.shouldPrune(running(5, { 1: 5.0, 3: 5.0 }), HISTORY, 'minimize')).toBe(true) // skipped 2: 3 is the first past it
    expect(pruner({ warmupSteps: 1, intervalSteps: 2 }).shouldPrune(running(5, [5.0, 5.0]), HISTORY, 'minimize')).toBe(false) // pruning steps 1, 3
  })

  describe('missing steps', () => {
    it('compares only with the trials that reported the same step', () => {
      // Nobody reported step 4: nothing to compare with.
      expect(pruner().shouldPrune(running(5, { 1: 0.95, 4: 0.9 }), HISTORY, 'minimize')).toBe(false)
      // Step 3 (four values, median 0.45) without reports at steps 1 and 2.
      expect(pruner().shouldPrune(running(5, { 3: 0.5 }), HISTORY, 'minimize')).toBe(true)
    })

    it('needs minTrials values at the step', () => {
      expect(pruner({ minTrials: 4 }).shouldPrune(running(5, { 3: 0.5 }), HISTORY, 'minimize')).toBe(true)
      expect(pruner({ minTrials: 5 }).shouldPrune(running(5, { 3: 0.5 }), HISTORY, 'minimize')).toBe(false)
      expect(pruner({ minTrials: 5 }).shouldPrune(running(5, [0.95]), HISTORY, 'minimize')).toBe(true) // five at step 1
    })
  })

  it('ignores its own entry in the history, whatever state it shows', () => {
    const bad = running(5, [5.0])
    // Four finished others: below startup even though the history has five finished entries.
    const four = HISTORY.slice(0, 4)
    expect(pruner().shouldPrune(bad, [...four, complete(5, [0.1])], 'minimize')).toBe(false)
    expect(pruner().shouldPrune(bad, [...four, bad], 'minimize')).toBe(false)
    // And it is not its own competitor at the step.
    expect(pruner().shouldPrune(running(5, [0.95]), [...HISTORY, running(5, [0.95])], 'minimize')).toBe(true)
    expect(pruner().shouldPrune(running(5, [0.9]), [...HISTORY, pruned(5, [100])], 'minimize')).toBe(false)
  })

  it('prunes a trial whose every report is NaN once past startup, as Optuna does, and ignores NaN elsewhere', () => {
    expect(pruner().shouldPrune(running(5, [Number.NaN]), HISTORY, 'minimize')).toBe(true)
    expect(pruner().shouldPrune(running(5, [Number.NaN]), HISTORY.slice(0, 4), 'minimize')).toBe(false)
    // A NaN among other reports: the best of the rest (0.6, then 0.85) against the step-2 median 0.7.
    expect(pruner().shouldPrune(running(5, [0.6, Number.NaN]), HISTORY, 'minimize')).toBe(false)
    expect(pruner().shouldPrune(running(5, [0.85, Number.NaN]), HISTORY, 'minimize')).toBe(true)
    // A NaN another trial reported is no value at that step: the step-1 median stays 0.9.
    expect(pruner().shouldPrune(running(6, [0.87]), [...HISTORY, complete(5, [Number.NaN])], 'minimize')).toBe(false)
    expect(pruner().shouldPrune(running(6, [0.95]), [...HISTORY, complete(5, [Number.NaN])], 'minimize')).toBe(true)
  })

  it('does nothing without reports or history', () => {
    expect(pruner().shouldPrune(running(5, []), HISTORY, 'minimize')).toBe(false)
    expect(pruner().shouldPrune(running(5, [5.0]), [], 'minimize')).toBe(false)
  })

  it('medianOf averages the two middle values of an even count', () => {
    expect(medianOf([3, 1, 2])).toBe(2)
    expect(medianOf([0.6, 0.5, 0.4, 0.3])).toBeCloseTo(0.45)
  })
})
