export * from './tokens.ts';
export * from './token-versions.ts';
