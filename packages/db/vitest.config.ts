import { defineConfig } from 'vitest/config';

// Integration tests against DynamoDB Local: limits generous enough for a loaded 2-core machine
// (speed is measured in `npm run bench`, never by a timeout).
export default defineConfig({
  test: { globalSetup: ['@chat/local-runtime/vitest-setup'], testTimeout: 60_000, hookTimeout: 120_000 },
});
