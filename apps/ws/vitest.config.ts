import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@chat/local-runtime/vitest-setup'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The SDK clients of the stack (DynamoDB, @connections) use DynamoDB Local's fake credentials.
    env: { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' },
  },
});
