// The realtime stack for tests: the ws handler behind the API Gateway emulator and the
// Streams poller, over fresh tables in the test run's DynamoDB Local. Real sockets throughout.
import type { ServerEvent } from '@chat/contract';
import { actionNames } from '@chat/contract';
import { createTokenVersions } from '@chat/auth';
import { getTokenVersion, messageStreamMapping } from '@chat/db';
import { createTestDb } from '@chat/db/testing';
import { startStreamPoller, startWsEmulator, type WsEmulator } from '@chat/local-runtime';
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import WebSocket from 'ws';
import { createDeps } from '../src/deps.ts';
import { parseEnv } from '../src/env.ts';
import { createHandler, twoWayRouteKeys, type WsHandler } from '../src/handler.ts';

export const TEST_SECRET = 'ws-test-secret-that-is-at-least-32-bytes';

export interface RealtimeOptions {
  sendDisconnectEvents?: boolean;
  /**
   * WebSocket route invocations go round robin to that many handlers, each with its own
   * in-memory state (connection cache, rate buckets), as Lambda containers do (default 1).
   */
  containers?: number;
  /** The handler's clock (connection expiry, tickets, token versions' cache); default Date.now. */
  now?: () => number;
  /** How long the handler trusts a user's token version it read; default the production 30 s. */
  tokenVersionCacheMs?: number;
}

export async function startRealtime(options: RealtimeOptions = {}) {
  const db = await createTestDb();
  // The emulator's port is the handler's @connections endpoint: start it first, plug in after.
  const ref: { handler?: WsHandler; routes?: WsHandler[] } = {};
  let invocations = 0;
  const routeHandler = () => (ref.routes ? ref.routes[invocations++ % ref.routes.length]! : ref.handler!);
  // WebSocket route invocations still running: a test can wait until the server is done.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(run: Promise<T>): Promise<T> => {
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run)).catch(() => undefined);
    return run;
  };
  const startEmulator = (port = 0) =>
    startWsEmulator({
      port,
      routeKeys: actionNames,
      twoWayRouteKeys,
      handler: (event, context) => track(routeHandler()(event as never, context)) as never,
      sendDisconnectEvents: options.sendDisconnectEvents ?? true,
    });
  let emulator: WsEmulator = await startEmulator();
  const defaults = createDeps(
    parseEnv({
      USERS_TABLE: db.names.users,
      MESSAGES_TABLE: db.names.messages,
      CONNECTIONS_TABLE: db.names.connections,
      DYNAMODB_ENDPOINT: testDynamoEndpoint(),
      JWT_SECRET: TEST_SECRET,
      WS_MANAGEMENT_ENDPOINT: emulator.managementEndpoint,
      POST_TIMEOUT_MS: '2000',
    }),
  );
  const now = options.now ?? defaults.now;
  const deps = {
    ...defaults,
    now,
    tokenVersions: createTokenVersions({
      read: (userId) => getTokenVersion(defaults.db, userId),
      now,
      ...(options.tokenVersionCacheMs !== undefined && { ttlMs: options.tokenVersionCacheMs }),
    }),
  };
  ref.handler = createHandler(deps);
  if ((options.containers ?? 1) > 1) ref.routes = [ref.handler, ...Array.from({ length: options.containers! - 1 }, () => createHandler(deps))];
  // Every stream batch handed to the handler, in order: a batch is the unit of coalescing.
  const streamBatches: DynamoDBStreamEvent[] = [];
  const poller = await startStreamPoller({
    endpoint: testDynamoEndpoint(),
    tableName: db.names.messages,
    handler: (event, context) => {
      streamBatches.push(event);
      return ref.handler!(event, context);
    },
    mapping: messageStreamMapping,
  });
  const sockets: TestSocket[] = [];
  let userCount = 0;

  return {
    db,
    deps,
    handler: ((event: never, context: never) => ref.handler!(event, context)) as WsHandler,
    get emulator() {
      return emulator;
    },
    poller,
    streamBatches,
    /**
     * Resolves once every frame received so far has been handled and every stream record
     * written so far has been handled: whatever the server was going to post, it has posted.
     */
    async settled() {
      // A frame waiting its turn in the emulator (at most a few of a connection's run at once) is not in flight yet.
      while (inFlight.size > 0 || emulator.framesPending() > 0) {
        if (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        else await new Promise((resolve) => setImmediate(resolve));
      }
      await poller.drained();
    },
    /** A user that exists (a token of a missing user is refused), with a token; no memberships. */
    async user(name = `user${++userCount}`) {
      const id = `id-${name}-${crypto.randomUUID().slice(0, 8)}`;
      await db.entities.User.build(PutItemCommand)
        .item({ id, email: `${id}@example.com`, username: name, passwordHash: '-', createdAt: Date.now() })
        .send();
      return { id, username: name, token: await deps.tokens.issue({ id, username: name }) };
    },
    /**
     * Opens a socket; with `room`, also focuses it (joinRoom, which joins a public room) and
     * waits for `joined`, as connecting with `?room=` did before v2 part 2.
     */
    connect(token: string, room?: string) {
      return this.connectWith({ token }, room);
    },
    /** connect, with any query (`{ ticket }`, say). */
    async connectWith(query: Record<string, string>, room?: string) {
      const socket = await TestSocket.open(`${emulator.url}?${new URLSearchParams(query)}`);
      sockets.push(socket);
      if (room) {
        socket.send({ action: 'joinRoom', roomId: room });
        await socket.waitForType('joined', (j) => j.roomId === room);
      }
      return socket;
    },
    /** Stops the emulator and starts a new one on the same port (clients see their sockets drop). */
    async restartEmulator(downMs = 0) {
      const port = emulator.port;
      await emulator.close();
      await new Promise((r) => setTimeout(r, downMs));
      emulator = await startEmulator(port);
    },
    async stop() {
      for (const s of sockets) s.ws.terminate();
      await poller.stop();
      await emulator.close();
      deps.db.client.destroy();
      db.client.destroy();
    },
  };
}

/** A raw `ws` client that records every frame and can wait for one. */
export class TestSocket {
  readonly frames: ServerEvent[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as ServerEvent);
      for (const wake of [...this.waiters]) wake();
    });
  }

  static open(url: string): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new TestSocket(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Drops the frames received so far: what a test asserts next is what arrives from now on. */
  forget() {
    this.frames.length = 0;
  }

  send(frame: object | string) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  ofType<T extends ServerEvent['type']>(type: T) {
    return this.frames.filter((f): f is Extract<ServerEvent, { type: T }> => f.type === type);
  }

  /** Messages received by broadcast (`message` and `messageBatch` frames), in order. */
  broadcastMessages() {
    return this.frames.flatMap((f) => (f.type === 'message' ? [f.message] : f.type === 'messageBatch' ? f.messages : []));
  }

  /** Waits until `predicate` holds for the frames received so far (generous: on a loaded 2-core machine a join's frames took over 5 s). */
  async waitFor<T>(predicate: (frames: ServerEvent[]) => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate(this.frames);
      if (result) return result;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.push(wake);
      });
    }
  }

  /**
   * A WebSocket ping's pong travels behind every frame the server sent before it: once it is
   * back, frames posted earlier have all arrived.
   */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('pong', () => resolve());
      this.ws.ping(undefined, undefined, (error) => error && reject(error));
    });
  }

  waitForType<T extends ServerEvent['type']>(type: T, match: (f: Extract<ServerEvent, { type: T }>) => boolean = () => true) {
    return this.waitFor(() => this.ofType(type).find(match));
  }
}
