// @chat/client: the chat's SDK for TypeScript programs (Node and browsers).
export type * from './types.ts';
