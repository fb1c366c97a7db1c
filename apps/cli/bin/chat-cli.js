#!/usr/bin/env node
// The `chat-cli` command: the CLI's TypeScript sources through tsx's loader (the SDK is used built),
// with this package's tsconfig (its JSX settings) from whatever folder it is started in.
import { resolve } from 'node:path';
import { register } from 'tsx/esm/api';

register({ tsconfig: resolve(import.meta.dirname, '../tsconfig.json') });
await import('../src/main.tsx');
