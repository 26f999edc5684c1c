import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseExperiment } from '../src/experiment/load.js'
import { runSweep } from '../src/runner/run-sweep.js'
import type { SweepSummary } from '../src/runner/events.js'

/**
 * Early stopping: the mlp on digits, a 40-trial random sweep with the same seed, with the `asha` pruner and with
 * none. Total epochs trained, wall time and the best validation loss each found (goal: >= 3x fewer epochs, best
 * within 2% of the unpruned sweep's).
 */
function experiment(dir: string, pruner: Record<string, unknown> | undefined, trials: number, dataset: string) {
  return parseExperiment(
    {
      name: `pruning-${pruner ? String(pruner.name) : 'none'}`,
      space: {
        parameters: {
          learning_rate: { type: 'float', low: 1e-4, high: 0.3, log: true },
          optimizer: { type: 'categorical', choices: ['sgd', 'momentum', 'adam'] },
          init: { type: 'categorical', choices: ['zeros', 'normal', 'xavier', 'he'] },
          hidden: { type: 'int', low: 8, high: 128, log: true },
          batch_size: { type: 'int', low: 16, high: 256, log: true },
          epochs: { type: 'constant', value: 27 },
        },
      },
      objective: { metric: 'val_loss', direction: 'minimize' },
      strategy: { name: 'random', seed: 11 },
      ...(pruner ? { pruner } : {}),
      trainer: { builtin: 'mlp', options: { dataset, seed: 0 } },
      budget: { trials },
      parallel: 2,
      storage: join(dir, `${pruner ? String(pruner.name) : 'none'}.json`),
    },
    join(dir, 'experiment.json'),
  )
}

function epochs(s: SweepSummary): number {
  return s.trials.reduce((n, t) => n + (t.intermediate[t.intermediate.length - 1]?.step ?? 0), 0)
}

export async function run(argv: string[]): Promise<void> {
  const trials = Number(argv[argv.indexOf('--trials') + 1] || 40) || 40
  const dataset = argv.includes('--dataset') ? argv[argv.indexOf('--dataset') + 1]! : 'digits'
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-pruning-bench-'))
  try {
    const none = await runSweep(experiment(dir, undefined, trials, dataset))
    const asha = await runSweep(experiment(dir, { name: 'asha', minResource: 1, reductionFactor: 3, maxResource: 27 }, trials, dataset))
    console.log(`mlp on ${dataset}, ${trials} trials of a random sweep (seed 11), 27 epochs at most, parallel 2`)
    console.log('pruner   epochs   wall s   pruned   best val_loss')
    for (const [name, s] of [
      ['none', none],
      ['asha', asha],
    ] as const) {
      console.log(
        `${name.padEnd(7)} ${String(epochs(s)).padStart(7)}   ${(s.elapsedMs / 1000).toFixed(1).padStart(6)}   ${String(s.trials.filter((t) => t.state === 'pruned').length).padStart(6)}   ${s.best?.value.toFixed(5) ?? '-'}`,
      )
    }
    const ratio = epochs(none) / Math.max(1, epochs(asha))
    const gap = none.best && asha.best ? (asha.best.value - none.best.value) / Math.abs(none.best.value) : NaN
    console.log(
      `epochs ratio none/asha ${ratio.toFixed(2)} (goal >= 3), wall-time ratio ${(none.elapsedMs / asha.elapsedMs).toFixed(2)}, best value gap ${(gap * 100).toFixed(2)}% (goal <= 2%)`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
