export { localConfigFromEnv, type LocalConfig } from './config.ts';
export { startLocalStack, type LocalStack } from './stack.ts';
export { loadOrCreateSecret } from './secret.ts';
