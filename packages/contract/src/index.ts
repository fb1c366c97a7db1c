export * from './limits.ts';
export * from './schemas.ts';
export * from './protocol.ts';
export type * from './services.ts';
export { fieldErrorsOf, FieldIssues } from './field-errors.ts';
export { createCallerFactory, type Context } from './trpc.ts';
export { appRouter, type AppRouter } from './router/index.ts';
export * from './socket.ts';
