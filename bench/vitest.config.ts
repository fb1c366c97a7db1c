import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@chat/local-runtime/vitest-setup'],
    // The one-minute soak, its setup and its drain.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // gc(): the soak's memory figures are read after a full collection.
    execArgv: ['--expose-gc'],
    // The SDK clients of the stack (DynamoDB, @connections) use DynamoDB Local's fake credentials.
    env: { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' },
  },
});
