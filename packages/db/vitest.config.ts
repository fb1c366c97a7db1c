import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { globalSetup: ['@chat/local-runtime/vitest-setup'] } });
