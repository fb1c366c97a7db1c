import { defineConfig } from 'vitest/config';

// Each file starts the whole local stack (DynamoDB Local's JVM included) and the pack test runs
// npm install and tsc besides: one file at a time, so that they do not starve each other of CPU.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } });
