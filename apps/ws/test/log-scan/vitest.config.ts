// The log scan on its own, over the two fixtures below (run by ../log-scan.test.ts in a child Vitest).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.fixture.ts'],
    globalSetup: ['@chat/local-runtime/log-scan/global-setup'],
    setupFiles: ['@chat/local-runtime/log-scan/capture'],
  },
});
