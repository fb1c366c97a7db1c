export { localConfigFromEnv, webAppDir, type LocalConfig } from './config.ts';
export { startLocalStack, type LocalStack } from './stack.ts';
export { loadOrCreateSecret } from './secret.ts';
export { startWebServer, type WebRuntimeConfig, type WebServer, type WebServerOptions } from './web-server.ts';
export { buildWebApp, webBuildIsStale } from './web-build.ts';
export { authThrottlePolicies, type AuthThrottlePolicies } from '@chat/api/deps';
export { actionBudgets, type ActionBudget } from '@chat/ws/deps';
