// @chat/contract: what every client and the server share. Schemas, limits, the WebSocket
// protocol and the types (AppRouter included, as a type only), with no tRPC server runtime.
// The router itself is `@chat/contract/router` (for the api), the socket client
// `@chat/contract/socket`.
export * from './limits.ts';
export * from './message-text.ts';
export * from './room-names.ts';
export * from './schemas.ts';
export * from './protocol.ts';
export type * from './services.ts';
export { fieldErrorsOf, FieldIssues } from './field-errors.ts';
export { RetryAfter } from './retry-after.ts';
export type { Context } from './trpc.ts';
export type { AppRouter } from './router/index.ts';
