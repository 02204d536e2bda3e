import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores, but the suites mostly wait on HTTP and the database: three workers keep both cores busy. Test files
    // share a worker's module cache (no isolation): each starts its own app on its own database, nothing is mocked,
    // and loading the app's modules once per worker instead of once per file halves the suite's time.
    maxWorkers: 3,
    isolate: false,
    // Generous limits for a loaded two-core machine. Time limits only catch hangs; timings are measured by the
    // benchmark scripts, never here.
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
