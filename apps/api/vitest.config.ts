import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // DynamoDB Local for the run; the log scan reads every line the run prints (at DEBUG, so the
    // lines that name ids are read too) and fails a file whose lines hold a secret.
    globalSetup: ['@chat/local-runtime/vitest-setup', '@chat/local-runtime/log-scan/global-setup'],
    setupFiles: ['@chat/local-runtime/log-scan/capture'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
  },
});
