// End-to-end tests: a real Botloom (real HTTP, database and scheduler) serving the built studio,
// driven in Chromium with playwright-core. Run with: npx vitest run --config vitest.e2e.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts', 'tests/e2e/support/build-studio.ts'],
    pool: 'forks',
    // one browser at a time: the machine has two cores
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
