import { ApiGatewayManagementApiClient, DeleteConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ServerEvent } from '@chat/contract';
import { mapWithConcurrency } from '@chat/db';

export type PostOutcome = 'sent' | 'gone' | 'failed';

export interface Poster {
  /** One frame to one connection. 'gone' = 410: the connection no longer exists. */
  post(connectionId: string, frame: ServerEvent | string): Promise<PostOutcome>;
  /** The same frame to many connections, serialized once, with a bounded pool. */
  postToMany(connectionIds: readonly string[], frame: ServerEvent | string): Promise<Map<string, PostOutcome>>;
}

/** The real management API client, created once per container, with a request timeout. */
export function createManagementClient(endpoint: string, region: string, timeoutMs: number) {
  return new ApiGatewayManagementApiClient({
    endpoint,
    region,
    maxAttempts: 2,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 1000) },
  });
}

function isGone(err: unknown): boolean {
  // SDK v3: the name, and the status in $metadata (the v2-era `err.statusCode` never matches).
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'GoneException' || e?.$metadata?.httpStatusCode === 410;
}

export function createPoster(
  client: ApiGatewayManagementApiClient,
  options: { concurrency: number; onError?: (connectionId: string, err: unknown) => void },
): Poster {
  const encoder = new TextEncoder();
  const send = async (connectionId: string, data: Uint8Array): Promise<PostOutcome> => {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
      return 'sent';
    } catch (err) {
      if (isGone(err)) return 'gone';
      options.onError?.(connectionId, err);
      return 'failed';
    }
  };
  const encode = (frame: ServerEvent | string) => encoder.encode(typeof frame === 'string' ? frame : JSON.stringify(frame));
  return {
    post: (connectionId, frame) => send(connectionId, encode(frame)),
    async postToMany(connectionIds, frame) {
      const data = encode(frame);
      const outcomes = await mapWithConcurrency(connectionIds, options.concurrency, (id) => send(id, data));
      return new Map(connectionIds.map((id, i) => [id, outcomes[i] as PostOutcome]));
    },
  };
}

export type CloseOutcome = 'closed' | 'gone' | 'failed';

export interface ConnectionCloser {
  /** Closes a connection (DeleteConnection; API Gateway then runs its $disconnect). 'gone' = 410: it was already closed. */
  closeConnection(connectionId: string): Promise<CloseOutcome>;
}

export function createConnectionCloser(client: ApiGatewayManagementApiClient, options: { onError?: (connectionId: string, err: unknown) => void } = {}): ConnectionCloser {
  return {
    async closeConnection(connectionId) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
        return 'closed';
      } catch (err) {
        if (isGone(err)) return 'gone';
        options.onError?.(connectionId, err);
        return 'failed';
      }
    },
  };
}
