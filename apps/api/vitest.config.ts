import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { globalSetup: ['@chat/local-runtime/vitest-setup'], testTimeout: 30_000, hookTimeout: 60_000 },
});
