import { StrategyExhaustedError, ValidationError } from '../../errors.js'
import { loadSpaceFile } from '../../space/parse.js'
import { strategyNames } from '../../strategies/index.js'
import { createStudy } from '../../study/index.js'
import { formatTable } from '../../util/table.js'
import type { CommandDef } from '../command.js'
import { intOption, LIMITS } from '../options.js'

export const command: CommandDef = {
  name: 'sample',
  usage: `tunekit sample <space.json> [--strategy ${strategyNames().join('|')}] [--seed N] [-n N] [--format table|json]`,
  help: [
    'options:',
    `  --strategy NAME   the strategy: ${strategyNames().join(', ')} (default random)`,
    '  --seed N          the seed (default 0)',
    '  -n, --count N     how many configurations (default 5)',
    '  --format F        table (default) or json (one object per line)',
  ],
  options: {
    strategy: { type: 'string', default: 'random' },
    seed: { type: 'string', default: '0' },
    count: { type: 'string', short: 'n', default: '5' },
    format: { type: 'string', default: 'table' },
  },
  positionals: { min: 1, max: 1 },
  async run(values, [file]) {
    const count = intOption(values.count, '--count', 1, 1_000_000)
    const seed = intOption(values.seed, '--seed', 0, LIMITS.seed)
    const format = String(values.format)
    if (format !== 'table' && format !== 'json') throw new ValidationError('USAGE', `--format must be table or json, not "${format}"`)
    const name = String(values.strategy)
    const space = loadSpaceFile(file!)
    const study = await createStudy({ space, strategy: { name, seed } })
    const rows: Record<string, unknown>[] = []
    for (let i = 0; i < count; i++) {
      try {
        rows.push({ ...(await study.ask()).params })
      } catch (e) {
        if (e instanceof StrategyExhaustedError) break
        throw e
      }
    }
    if (format === 'json') {
      for (const r of rows) console.log(JSON.stringify(r))
    } else {
      const headers = space.parameters.map((p) => p.name)
      console.log(
        formatTable(
          ['#', ...headers],
          rows.map((r, i) => [i, ...headers.map((h) => r[h])]),
        ),
      )
    }
    if (rows.length < count) console.error(`(the ${name} strategy is exhausted after ${rows.length} configurations)`)
    return 0
  },
}
