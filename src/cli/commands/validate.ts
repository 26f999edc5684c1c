import { loadExperimentFile } from '../../experiment/load.js'
import { DEFAULT_GRID_POINTS, gridSize, isFiniteSpace } from '../../space/grid.js'
import { describeSpace, loadSpaceFile } from '../../space/parse.js'
import { readJsonFile } from '../../util/json-file.js'
import type { CommandDef } from '../command.js'
import { intOption } from '../options.js'

export const command: CommandDef = {
  name: 'validate',
  usage: 'tunekit validate <file> [--grid-points N]',
  help: ['options:', `  --grid-points N   values per float axis without a step when counting grid cells (default ${DEFAULT_GRID_POINTS})`],
  options: { 'grid-points': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(values, [file]) {
    const json = readJsonFile(file!, 'file')
    const isExperiment = typeof json === 'object' && json !== null && 'trainer' in json
    const gridPoints = values['grid-points'] === undefined ? DEFAULT_GRID_POINTS : intOption(values['grid-points'], '--grid-points', 1, 1000)
    if (isExperiment) {
      const exp = await loadExperimentFile(file!)
      const size = gridSize(exp.space, gridPoints)
      console.log(`${file}: ok: experiment "${exp.name}", ${describeSpace(exp.space, size)}, strategy ${exp.strategy.name}, budget ${exp.budget.trials} trials`)
      for (const n of exp.space.notes) console.log(`  note: ${n}`)
      return 0
    }
    const space = loadSpaceFile(file!)
    const size = gridSize(space, gridPoints)
    const finite = isFiniteSpace(space)
    console.log(`${file}: ok: ${describeSpace(space, size)}${finite ? '' : ` (with ${gridPoints} points per float axis)`}`)
    for (const n of space.notes) console.log(`  note: ${n}`)
    return 0
  },
}
