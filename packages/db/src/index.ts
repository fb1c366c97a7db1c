export * from './definitions.ts';
export { createDb, type Db } from './db.ts';
export { createTables, type Tables } from './tables.ts';
export { createEntities, keys, type Entities } from './entities.ts';
export { createTableInput, ensureTables, provision } from './provision.ts';
export * from './users.ts';
export * from './rooms.ts';
export * from './messages.ts';
export * from './connections.ts';
