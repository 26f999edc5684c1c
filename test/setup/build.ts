import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Vitest's global set-up: builds dist/ from the current sources before any test runs, so that the tests that start the
 * CLI as a real process (`node dist/cli/main.js`) never run a stale build, whether they are started by `npm test` or
 * by a bare `npx vitest run` after an edit or with dist/ deleted. (Thread workers load their TypeScript source
 * through tsx instead; see src/trainers/threads/pool.ts.) TypeScript 7 builds the tree in about a second.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' })
}
