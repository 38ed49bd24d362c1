import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fast-check-setup.ts'],
    globalSetup: ['test/support/print-seed.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
