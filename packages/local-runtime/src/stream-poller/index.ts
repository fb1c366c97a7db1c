// The local stand-in for Lambda's DynamoDB Streams event source mapping.
export { startStreamPoller } from './poller.ts';
export { matchesFilter } from './filter.ts';
export type { EventSourceMapping, StreamHandler, StreamPoller, StreamPollerOptions } from './types.ts';
