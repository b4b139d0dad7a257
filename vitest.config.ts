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
    setupFiles: ['tests/setup/yield-between-tests.ts'],
  },
});
