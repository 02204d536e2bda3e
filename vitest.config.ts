import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores: integration suites share one MongoDB server, so keep parallelism modest.
    maxWorkers: 2,
    // Generous limits: CI's MongoDB-wire server (SecantusDB, in Python) shares two cores with the suite. Time limits
    // only catch hangs; timings are measured by the benchmark scripts, never here.
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
