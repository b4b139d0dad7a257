import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests run the workspace packages from their TypeScript sources: the `@kpc/source` export
// condition (see docs/architecture.md). Tests that spawn the `kpc` binary run the built
// JavaScript (`pnpm build`, which `pnpm test` runs first), exactly as users install it.
const conditions = ['@kpc/source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@kpc/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on this project's
    // 2-core machine, leaving a core idle while property campaigns run. Two workers at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: Math.max(2, availableParallelism() - 1),
    // A worker keeps its modules between test files instead of importing TypeScript,
    // ts-morph, the catalog and the schema validators again for each of the ~100 files. No
    // test mocks modules or changes globals it does not restore (runKpcInProcess restores
    // the working directory), so files do not see each other.
    isolate: false,
    setupFiles: ['tests/setup/yield-between-tests.ts'],
  },
});
