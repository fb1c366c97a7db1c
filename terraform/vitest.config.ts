import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { globalSetup: ['./test/build-bundles.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
