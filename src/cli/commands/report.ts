import { writeFileSync } from 'node:fs'
import { ValidationError } from '../../errors.js'
import { reportCsv } from '../../report/csv.js'
import { reportJson } from '../../report/summary.js'
import { reportTable } from '../../report/table.js'
import { chooseStudy } from '../../storage/choose.js'
import { openStorage } from '../../storage/index.js'
import { checkOutFile } from '../../report/out-file.js'
import { storeLocation } from '../../report/sources.js'
import type { StudyRecord, TrialRecord } from '../../trial/types.js'
import type { CommandDef } from '../command.js'

const FORMATS = ['table', 'json', 'csv', 'html'] as const

export const command: CommandDef = {
  name: 'report',
  usage: 'tunekit report <store> [--experiment NAME] [--format table|json|csv|html] [--out FILE]',
  help: [
    'options:',
    '  --experiment NAME  the study to show when the store holds several',
    '  --format F         table (default), json (the documented contract), csv (one row per trial),',
    '                     or html (one self-contained page of charts and a sortable table; needs no network)',
    '  --out FILE         write to a file instead of standard output',
    '',
    'example:',
    '  tunekit report runs/mlp-digits.json --format html --out report.html',
  ],
  options: { experiment: { type: 'string' }, format: { type: 'string', default: 'table' }, out: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(values, [location]) {
    const format = String(values.format)
    if (!(FORMATS as readonly string[]).includes(format)) throw new ValidationError('USAGE', `--format must be one of ${FORMATS.join(', ')}, not "${format}"`)
    if (values.out !== undefined) checkOutFile(String(values.out), [location!, storeLocation(location!)])
    const storage = await openStorage(storeLocation(location!), { readonly: true })
    try {
      const study = chooseStudy(await storage.listStudies(), values.experiment === undefined ? undefined : String(values.experiment), location!)
      const trials = await storage.getTrials(study.name)
      const text = await render(format as (typeof FORMATS)[number], study, trials)
      if (values.out !== undefined) writeFileSync(String(values.out), text)
      else process.stdout.write(text)
      return 0
    } finally {
      await storage.close()
    }
  },
}

async function render(format: (typeof FORMATS)[number], study: StudyRecord, trials: readonly TrialRecord[]): Promise<string> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(reportJson(study, trials), null, 2)}\n`
    case 'csv':
      return reportCsv(study, trials)
    case 'table':
      return `${reportTable(study, trials)}\n`
    case 'html': {
      // Loaded only for html: it reads the chart library from disk.
      const { reportHtml } = await import('../../report/html/report-page.js')
      return reportHtml(study, trials)
    }
  }
}
