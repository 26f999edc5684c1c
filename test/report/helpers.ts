import { createStudy, type Direction, type StudyRecord, type TrialRecord } from '../../src/index.js'

/** A study record for pure report tests. */
export function studyRecord(
  name: string,
  options: { strategy?: string; direction?: Direction; seed?: number; settings?: Record<string, unknown> } = {},
): StudyRecord {
  return {
    name,
    direction: options.direction ?? 'minimize',
    metric: 'loss',
    strategy: { name: options.strategy ?? 'random', seed: options.seed ?? 1 },
    space: { parameters: { x: { type: 'float', low: 0, high: 1 } } },
    seed: options.seed ?? 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...(options.settings ? { settings: options.settings } : {}),
  }
}

/** Complete trials with these values (null: a failed trial), one second apart. */
export function trialsWithValues(values: readonly (number | null)[]): TrialRecord[] {
  return values.map((value, number) => ({
    number,
    state: value === null ? 'fail' : 'complete',
    params: { x: number / Math.max(1, values.length) },
    value,
    metrics: value === null ? ({} as Record<string, number>) : { loss: value },
    intermediate: [],
    startedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, number)).toISOString(),
    finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, number, 500)).toISOString(),
    durationMs: 500,
    seed: number,
    strategy: 'random',
    error: value === null ? { reason: 'diverged' } : null,
  }))
}

/**
 * Strings that would run if a page put them into markup unescaped: each payload, if it ever runs, sets
 * window.__pwned or changes document.title, which the browser test checks did not happen.
 */
export const HOSTILE = {
  param: '<script>window.__pwned=1</script>',
  choice: '"><img src=x onerror="window.__pwned=2;document.title=\'pwned\'">',
  otherChoice: '</script><script>window.__pwned=3</script>',
  metric: '</script><img src=x onerror=window.__pwned=4>',
  study: '<img src=x onerror="document.title=\'pwned\'">study',
  error: '</script><script>document.title="pwned"</script><!--',
  strategy: '<svg onload=window.__pwned=5>',
} as const

/** A store file's content, written by hand as a hostile or broken writer could: names nothing validates. */
export function hostileStore(trials = 30): string {
  const study = {
    name: HOSTILE.study,
    direction: 'minimize',
    metric: HOSTILE.metric,
    strategy: { name: HOSTILE.strategy, seed: 1 },
    space: {
      parameters: {
        [HOSTILE.param]: { type: 'categorical', choices: [HOSTILE.choice, HOSTILE.otherChoice, 'plain'] },
        lr: { type: 'float', low: 0.0001, high: 1, log: true },
      },
    },
    seed: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
  }
  const choices = [HOSTILE.choice, HOSTILE.otherChoice, 'plain']
  const records = Array.from({ length: trials }, (_, i) => {
    const fail = i % 9 === 4
    const value = fail ? null : ((i * 7) % 13) / 13 + (i % 3) * 0.5
    return {
      number: i,
      state: fail ? 'fail' : 'complete',
      params: { [HOSTILE.param]: choices[i % 3], lr: 10 ** (-4 + (4 * ((i * 5) % 11)) / 10) },
      value,
      metrics: fail ? {} : { [HOSTILE.metric]: value, [`${HOSTILE.param}_metric`]: i },
      intermediate: fail ? [] : [0, 1, 2].map((step) => ({ step, value: (value ?? 0) + 1 / (step + 1) })),
      startedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i, 800)).toISOString(),
      durationMs: 800,
      seed: i,
      strategy: HOSTILE.strategy,
      error: fail ? { reason: HOSTILE.error, message: HOSTILE.otherChoice } : null,
    }
  })
  return JSON.stringify({ version: 1, studies: [{ study, trials: records }] })
}

/**
 * A store written through the public API: a float, a log float, an int, a categorical and a conditional parameter
 * (momentum, for sgd only); every trial reports `steps` intermediate values; some are pruned and some fail.
 */
export async function buildDemoStore(path: string, trials: number, options: { steps?: number; name?: string } = {}): Promise<void> {
  const steps = options.steps ?? 10
  const study = await createStudy({
    name: options.name ?? 'demo',
    storage: path,
    strategy: { name: 'random', seed: 3 },
    metric: 'loss',
    space: {
      parameters: {
        x: { type: 'float', low: -5, high: 5 },
        lr: { type: 'float', low: 1e-5, high: 1, log: true },
        layers: { type: 'int', low: 1, high: 6 },
        optimizer: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
        momentum: { type: 'float', low: 0, high: 0.99, when: { optimizer: 'sgd' } },
      },
    },
  })
  try {
    for (let i = 0; i < trials; i++) {
      const trial = await study.ask()
      const p = trial.params as { x: number; lr: number; layers: number; optimizer: string; momentum?: number }
      const loss = (Math.log10(p.lr) + 3) ** 2 + 0.05 * p.x ** 2 + (p.optimizer === 'sgd' ? (p.momentum! - 0.9) ** 2 : 0.3)
      if (i % 17 === 5) {
        await study.tell(trial, { state: 'fail', error: { reason: 'diverged', message: 'loss became NaN at step 3' } })
        continue
      }
      for (let s = 0; s < steps; s++) await trial.report(s, loss + 2 / (s + 1))
      if (i % 7 === 3) await study.tell(trial, { state: 'pruned' })
      else await study.tell(trial, { state: 'complete', value: loss, metrics: { loss, accuracy: 1 / (1 + loss) } })
    }
  } finally {
    await study.close()
  }
}

/**
 * A store as a new user's first sweep leaves it (the report fixes' fixture): values between 0.93 and 0.98, a constant
 * parameter, every third trial diverged after one intermediate step (failed, its one point kept), some pruned.
 */
export function firstSweepStore(trials = 24): string {
  const study = {
    name: 'first-sweep',
    direction: 'maximize',
    metric: 'accuracy',
    strategy: { name: 'random', seed: 1 },
    space: {
      parameters: {
        learning_rate: { type: 'float', low: 0.0001, high: 1, log: true },
        hidden: { type: 'int', low: 4, high: 64 },
        batch: { type: 'constant', value: 32 },
      },
    },
    seed: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
  }
  const records = Array.from({ length: trials }, (_, i) => {
    const diverged = i % 3 === 2
    const pruned = i % 5 === 4 && !diverged
    const value = 0.93 + (0.05 * ((i * 7) % trials)) / trials
    const steps = diverged ? 1 : 4
    return {
      number: i,
      state: diverged ? 'fail' : pruned ? 'pruned' : 'complete',
      params: { learning_rate: 10 ** (-4 + (4 * ((i * 5) % 11)) / 10), hidden: 4 + ((i * 13) % 61), batch: 32 },
      value: diverged ? null : value,
      metrics: diverged ? {} : { accuracy: value },
      intermediate: Array.from({ length: steps }, (_, s) => ({ step: s, value: diverged ? 17.5 : value - 0.1 / (s + 1) })),
      startedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i, 800)).toISOString(),
      durationMs: 800,
      seed: i,
      strategy: 'random',
      error: diverged ? { reason: 'diverged', message: 'training diverged: loss is NaN' } : null,
    }
  })
  return JSON.stringify({ version: 1, studies: [{ study, trials: records }] })
}
