import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Pure logic, no browser, no servers: milliseconds.
        test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        // The whole local stack and real Chromium (playwright-core + /usr/bin/chromium).
        test: {
          name: 'browser',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/build-web-app.ts'],
          // One file at a time: each starts the whole stack and Chromium, and several at once on
          // a 2-core machine made timings drift (a scroll anchor off by 3 px, a 10 s wait missed).
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Conditions in a browser take their time on a busy machine: poll up to 10 s, not 1 s.
          expect: { poll: { timeout: 10_000, interval: 50 } },
        },
      },
    ],
  },
});
