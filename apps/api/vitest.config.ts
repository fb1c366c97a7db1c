import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { globalSetup: ['@chat/local-runtime/vitest-setup'], testTimeout: 60_000, hookTimeout: 120_000 },
});
