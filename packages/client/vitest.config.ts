import { defineConfig } from 'vitest/config';

// Each file starts the whole local stack (DynamoDB Local included); the pack test also runs npm install.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 180_000 } });
