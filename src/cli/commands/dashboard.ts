import { startDashboard } from '../../dashboard/server.js'
import type { CommandDef } from '../command.js'
import { intOption } from '../options.js'

export const command: CommandDef = {
  name: 'dashboard',
  usage: 'tunekit dashboard <store | folder | experiment.json | postgres://…>... [--port 7777] [--host 127.0.0.1] [--refresh 2] [--token T]',
  help: [
    'Serves every study of the given stores in the browser, updating as trials finish. It only reads: it never takes',
    "a sweep's lock and never writes. A folder serves every store file in it.",
    '',
    'options:',
    '  --port N          the port (default 7777; 0: any free one)',
    '  --host ADDRESS    the address to listen on (default 127.0.0.1: this machine only). Any other address needs a',
    '                    token: the one given with --token, or one generated and printed once with the address',
    '  --refresh S       seconds between reads of the stores (default 2)',
    '  --token T         the token every request must carry (also TUNEKIT_DASHBOARD_TOKEN)',
    '',
    'API (JSON): GET /api/studies, /api/studies/<name>, /api/studies/<name>/trials?after=<cursor>, /api/studies/<name>/trials/<number>',
  ],
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    refresh: { type: 'string' },
    token: { type: 'string' },
  },
  positionals: { min: 1, max: 1000 },
  run: async (values, stores) => {
    const refresh = values.refresh === undefined ? 2 : Number(values.refresh)
    if (!(refresh >= 0.1 && refresh <= 3600)) {
      console.error(`tunekit dashboard: --refresh must be a number of seconds from 0.1 to 3600, not "${String(values.refresh)}"`)
      return 2
    }
    const token = values.token !== undefined ? String(values.token) : process.env.TUNEKIT_DASHBOARD_TOKEN
    const dashboard = await startDashboard({
      stores,
      host: values.host === undefined ? '127.0.0.1' : String(values.host),
      port: values.port === undefined ? 7777 : intOption(values.port, '--port', 0),
      refreshSeconds: refresh,
      ...(token ? { token } : {}),
    })
    console.log(`tunekit dashboard: ${dashboard.url}`)
    if (dashboard.token !== undefined && token === undefined) console.log('(the token in this address is shown only once; keep it to open the dashboard)')
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    await dashboard.close()
    return 0
  },
}
