import { defineConfig } from 'vitest/config'

// Projects: pure shared code, the client's and the partner client's units, API tests against real PostgreSQL, browser tests.
// The machine has 2 cores: files run in parallel on 2 workers, each with its own database.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      { test: { name: 'client', root: './client', include: ['src/**/*.test.ts'] } },
      { test: { name: 'partner-client', root: './partner-client', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          // A few tests start more app instances of their own (two behind Redis, one cut from its
          // database); each start compiles every route's schemas, which on a busy 2-core machine
          // passed 30 s. Behaviour that must be quick is timed inside those tests.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: './client',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['./e2e/global-setup.ts'],
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
