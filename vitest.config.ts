import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    // Both cores: most test time is spent waiting on child processes (CLI runs, trainers, PostgreSQL), which a second
    // worker overlaps; vitest's default on a 2-core machine is one worker.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
