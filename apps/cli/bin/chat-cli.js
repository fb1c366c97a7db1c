#!/usr/bin/env node
// The `chat-cli` command: the CLI's TypeScript sources through tsx's loader (the SDK is used built).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.tsx');
