import { defineConfig } from 'vitest/config';

// Real DynamoDB Local, sockets and child processes: limits generous enough for a loaded 2-core
// machine (speed is measured in `npm run bench`, never by a timeout).
export default defineConfig({
  test: { globalSetup: ['./src/vitest-setup.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
