import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { globalSetup: ['@chat/dynamodb-local/vitest-setup'] } });
