import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSpace } from '../../src/space/parse.js'
import { ROOT, tempDir, tunekit } from '../helpers/cli.js'

describe('tunekit lr-find', () => {
  it('prints the suggestion, writes a plot and a narrowed copy of the space, and --json has the contract', { timeout: 60_000 }, () => {
    const dir = tempDir()
    const spaceOut = join(dir, 'narrowed.json')
    const plot = join(dir, 'lr.html')
    const r = tunekit(['lr-find', 'experiments/mlp-digits.json', '--out', plot, '--write-space', spaceOut])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^suggested learning_rate: [\d.e-]+/m)
    expect(r.stdout).toMatch(/^diverges from: +[\d.e-]+/m)
    const html = readFileSync(plot, 'utf8')
    expect(html).toContain('<svg')
    expect(html).not.toContain('<script')
    const narrowed = JSON.parse(readFileSync(spaceOut, 'utf8'))
    const original = JSON.parse(readFileSync(join(ROOT, 'search-spaces/mlp-digits.json'), 'utf8'))
    expect(Object.keys(narrowed.parameters).sort()).toEqual(Object.keys(original.parameters).sort())
    expect(narrowed.parameters.hidden).toEqual(original.parameters.hidden)
    const lr = narrowed.parameters.learning_rate
    expect(lr).toMatchObject({ type: 'float', log: true })
    expect(lr.low).toBeLessThan(lr.high)
    expect(() => parseSpace(narrowed, spaceOut)).not.toThrow()

    const j = tunekit(['lr-find', 'experiments/linreg-lr-init.json', '--json'])
    expect(j.code).toBe(0)
    const out = JSON.parse(j.stdout) as { suggested: number; diverges: number | null; curve: { learning_rate: number; loss: number }[] }
    expect(Object.keys(out).sort()).toEqual(['curve', 'diverges', 'suggested'])
    expect(out.suggested).toBeLessThan(out.diverges!)
    expect(out.curve.length).toBeGreaterThan(10)
    expect(Object.keys(out.curve[0]!).sort()).toEqual(['learning_rate', 'loss'])
    // The rates grow along the curve.
    for (let i = 1; i < out.curve.length; i++) expect(out.curve[i]!.learning_rate).toBeGreaterThan(out.curve[i - 1]!.learning_rate)
  })

  it('fixes hyperparameters with --param, and refuses bad flags and command trainers with exit 2', () => {
    const bad = tunekit(['lr-find', 'experiments/mlp-digits.json', '--param', 'optimiser=sgd'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--param optimiser: the trainer has no parameter "optimiser"/)
    expect(tunekit(['lr-find', 'experiments/mlp-digits.json', '--min', '1', '--max', '0.1']).code).toBe(2)
    const dir = tempDir()
    const file = join(dir, 'cmd.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'cmd',
        space: { parameters: { learning_rate: { type: 'float', low: 0.001, high: 0.1 } } },
        objective: { metric: 'loss', direction: 'minimize' },
        trainer: { command: ['node', '-e', 'console.log(1)', '{learning_rate}'] },
        budget: { trials: 1 },
      }),
    )
    const cmd = tunekit(['lr-find', file])
    expect(cmd.code).toBe(2)
    expect(cmd.stderr).toMatch(/lr-find needs a trainer that runs in tunekit/)
    expect(cmd.stderr).not.toMatch(/\n\s+at /)
  })

  it('runs a module trainer that opts in (lrRange), and refuses one that does not', { timeout: 60_000 }, () => {
    const dir = tempDir()
    // Gradient descent on f(w) = w²/2 + ...: it converges for rates below 2 and diverges above.
    const body = (lrRange: boolean) => `export default {
      name: 'quadratic', description: 'gd on a quadratic', optionsSchema: { type: 'object' }, metrics: ['loss'], lrRange: ${lrRange},
      parameters: { learning_rate: { default: 0.1, description: 'step' } },
      train(params, options, ctx) {
        let w = 5
        const steps = ctx.lrRange ? ctx.lrRange.steps : 50
        for (let s = 0; s < steps; s++) {
          const loss = (w * w) / 2 + 0.01
          if (ctx.lrRange && ctx.report(s, { train_loss: loss })) break
          w -= (ctx.lrRange ? ctx.lrRange.rate(s) : params.learning_rate) * (w + 0.1 * Math.sin(s))
        }
        return { loss: (w * w) / 2 }
      },
    }\n`
    for (const [name, opts] of [
      ['yes.mjs', true],
      ['no.mjs', false],
    ] as const) {
      writeFileSync(join(dir, name), body(opts))
      writeFileSync(
        join(dir, `${name}.json`),
        JSON.stringify({
          name: 'm',
          space: { parameters: { learning_rate: { type: 'float', low: 0.001, high: 1, log: true } } },
          objective: { metric: 'loss', direction: 'minimize' },
          trainer: { module: `./${name}` },
          budget: { trials: 1 },
        }),
      )
    }
    const yes = tunekit(['lr-find', join(dir, 'yes.mjs.json'), '--json', '--min', '1e-3', '--max', '10', '--steps', '60'])
    expect(yes.stderr).toBe('')
    const out = JSON.parse(yes.stdout) as { suggested: number; diverges: number | null }
    expect(out.suggested).toBeLessThan(2)
    expect(out.diverges).not.toBeNull()
    expect(out.diverges!).toBeGreaterThan(out.suggested)
    const no = tunekit(['lr-find', join(dir, 'no.mjs.json')])
    expect(no.code).toBe(2)
    expect(no.stderr).toMatch(/does not support the learning-rate range test/)
  })
})
