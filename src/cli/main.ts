#!/usr/bin/env node
import { runCli } from './cli.js'

// A closed pipe (`tunekit report … | head`) is the reader saying it has seen enough: stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
}

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
