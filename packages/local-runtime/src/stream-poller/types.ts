import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void | undefined>;

/**
 * The event source mapping's settings, as the app declares them for Terraform (accepted `as const`).
 * Locally ignored: startingPosition (see poller.ts), maximumBatchingWindowInSeconds (a batch
 * is whatever one GetRecords returns) and parallelizationFactor (one reader per shard).
 */
export interface EventSourceMapping {
  batchSize: number;
  maximumRetryAttempts: number;
  maximumRecordAgeInSeconds: number;
  bisectBatchOnFunctionError: boolean;
  functionResponseTypes: readonly string[];
  filterPatterns: readonly object[];
  startingPosition: string;
  maximumBatchingWindowInSeconds: number;
  parallelizationFactor: number;
}

export interface StreamPollerOptions {
  /** DynamoDB Local endpoint (credentials/region: localCredentials/localRegion). */
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  mapping: EventSourceMapping;
  /** JSON file: where each shard was read up to; absent = in memory only. */
  checkpointFile?: string;
  /** Idle poll period; default 25 ms so local delivery feels instant. */
  pollIntervalMs?: number;
  /** The function name the handler sees in its Context; default `local-<tableName>-stream`. */
  functionName?: string;
  log?: (line: string) => void;
}

export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves when every record written so far has been handed to the handler and settled (for tests). */
  drained(): Promise<void>;
}
