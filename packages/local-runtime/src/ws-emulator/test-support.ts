// Test helpers: an emulator with a recording handler, real ws clients, the real SDK client.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import WebSocket from 'ws';
import { startWsEmulator } from './emulator.ts';
import type {
  WebSocketConnectEvent,
  WebSocketEvent,
  WebSocketHandler,
  WebSocketMessageEvent,
  WsEmulator,
  WsEmulatorOptions,
} from './types.ts';

export const routeKeys = ['sendMessage', 'joinRoom'] as const;

export function managementClient(endpoint: string, maxAttempts?: number): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  });
}

/** What the SDK throws. */
export interface SdkError extends Error {
  $metadata: { httpStatusCode?: number };
}

/** The rejection of a promise that must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected a rejection');
}

/** Polls `check` until it holds; the limit only stops a test that would hang (a loaded machine is slow). */
export async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface Harness {
  emulator: WsEmulator;
  events: WebSocketEvent[];
  sdk: ApiGatewayManagementApiClient;
  /** Hooks a test sets to change what the handler does. */
  hooks: {
    onConnect?: (event: WebSocketConnectEvent) => Promise<void>;
    onMessage?: (event: WebSocketMessageEvent) => Promise<void>;
    /** When set, what a message's invocation returns (after the echo post). */
    result?: (event: WebSocketMessageEvent) => Awaited<ReturnType<WebSocketHandler>>;
  };
  eventsOf(type: WebSocketEvent['requestContext']['eventType']): WebSocketEvent[];
  stop(): Promise<void>;
}

/**
 * $connect answers 401 without a `token` query parameter; a message `boom` throws; any other
 * message is echoed through the management API as `{routeKey, body, isBase64Encoded}`, then
 * answered with `hooks.result` (undefined without it).
 */
export async function startHarness(options: Partial<WsEmulatorOptions> = {}): Promise<Harness> {
  const events: WebSocketEvent[] = [];
  const hooks: Harness['hooks'] = {};
  // The handler's own client, made once the emulator's endpoint is known.
  const own: { sdk?: ApiGatewayManagementApiClient } = {};
  const handler: WebSocketHandler = async (event) => {
    events.push(event);
    if (event.requestContext.eventType === 'CONNECT') {
      const connect = event as WebSocketConnectEvent;
      if (!connect.queryStringParameters?.token) return { statusCode: 401 };
      await hooks.onConnect?.(connect);
      return { statusCode: 200 };
    }
    if (event.requestContext.eventType === 'MESSAGE') {
      const message = event as WebSocketMessageEvent;
      if (message.body === 'boom') throw new Error('boom');
      await hooks.onMessage?.(message);
      const echo = { routeKey: message.requestContext.routeKey, body: message.body, isBase64Encoded: message.isBase64Encoded };
      await own.sdk?.send(new PostToConnectionCommand({ ConnectionId: message.requestContext.connectionId, Data: JSON.stringify(echo) }));
      return hooks.result?.(message);
    }
    return undefined;
  };
  const emulator = await startWsEmulator({ handler, routeKeys, ...options });
  const sdk = (own.sdk = managementClient(emulator.managementEndpoint));
  return {
    emulator,
    events,
    sdk,
    hooks,
    eventsOf: (type) => events.filter((e) => e.requestContext.eventType === type),
    async stop() {
      await emulator.close();
      sdk.destroy();
    },
  };
}

/** A real ws client that keeps every text frame it gets. */
export class TestClient {
  readonly frames: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(String(data)));
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(url: string, options: WebSocket.ClientOptions = {}, protocols?: string[]): Promise<TestClient> {
    const socket = new WebSocket(url, protocols, { headers: { 'User-Agent': 'emulator-test/1.0' }, ...options });
    const client = new TestClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Waits for the n-th frame (0-based) and returns it. */
  async frame(n: number): Promise<string> {
    await waitFor(() => this.frames.length > n);
    return this.frames[n] as string;
  }

  send(data: string | Buffer): void {
    this.socket.send(data);
  }

  close(code?: number, reason?: string): Promise<{ code: number; reason: string }> {
    this.socket.close(code, reason);
    return this.closed;
  }
}

/** The status of a refused handshake, as the client sees it. */
export function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    socket.on('error', () => {});
    socket.on('open', () => reject(new Error('the handshake succeeded')));
  });
}

/** Opens a client with a token and returns it with its connection id (open one at a time). */
export async function connect(harness: Harness, query = '?token=t'): Promise<{ client: TestClient; id: string }> {
  const before = new Set(harness.emulator.connectionIds());
  const client = await TestClient.open(`${harness.emulator.url}/${query}`);
  await waitFor(() => harness.emulator.connectionIds().some((id) => !before.has(id)));
  const id = harness.emulator.connectionIds().find((c) => !before.has(c)) as string;
  return { client, id };
}
