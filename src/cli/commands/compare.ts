import { writeFileSync } from 'node:fs'
import { ValidationError } from '../../errors.js'
import { compareExperiments } from '../../report/compare.js'
import { compareTable } from '../../report/compare-table.js'
import { checkOutFile } from '../../report/out-file.js'
import { readStudies, storeLocation } from '../../report/sources.js'
import type { CommandDef } from '../command.js'

const FORMATS = ['table', 'json', 'html'] as const

export const command: CommandDef = {
  name: 'compare',
  usage: 'tunekit compare <store or experiment>... [--group-by FIELD] [--format table|json|html] [--out FILE]',
  help: [
    'Every study in every store is one experiment. An experiment file stands for its store (its "storage",',
    'by default runs/<name>.json next to it). Runs that differ only by seed form a group; groups are compared',
    'with a Mann-Whitney U test on their final best values (at least 3 runs per group).',
    '',
    'options:',
    '  --group-by FIELD   strategy (default), name, pruner, or a settings field (e.g. trainer.builtin, strategy.gamma)',
    '  --format F         table (default), json, or html (one self-contained page; needs no network)',
    '  --out FILE         write to a file instead of standard output',
    '',
    'example:',
    '  tunekit compare runs/tpe-*.json runs/random-*.json --format html --out compare.html',
  ],
  options: { 'group-by': { type: 'string' }, format: { type: 'string', default: 'table' }, out: { type: 'string' } },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  async run(values, positionals) {
    const format = String(values.format)
    if (!(FORMATS as readonly string[]).includes(format)) throw new ValidationError('USAGE', `--format must be one of ${FORMATS.join(', ')}, not "${format}"`)
    if (values.out !== undefined) checkOutFile(String(values.out), [...positionals, ...positionals.map(storeLocation)])
    const inputs = await readStudies(positionals)
    const comparison = compareExperiments(inputs, values['group-by'] === undefined ? {} : { groupBy: String(values['group-by']) })
    let text: string
    switch (format as (typeof FORMATS)[number]) {
      case 'json':
        text = `${JSON.stringify(comparison, null, 2)}\n`
        break
      case 'table':
        text = `${compareTable(comparison)}\n`
        break
      case 'html': {
        // Loaded only for html: it reads the chart library from disk.
        const { compareHtml } = await import('../../report/html/compare-page.js')
        text = compareHtml(comparison)
        break
      }
    }
    if (values.out !== undefined) writeFileSync(String(values.out), text)
    else process.stdout.write(text)
    return 0
  },
}
