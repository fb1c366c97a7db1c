// The local runtime: AWS's parts played on one machine, generic over the handlers they call.
export * from './dynamodb-local.ts';
export * from './dynamodb-supervisor.ts';
export * from './private-files.ts';
export * from './ws-emulator/index.ts';
export * from './stream-poller/index.ts';
export * from './lambda-context.ts';
export * from './invoke-store.ts';
