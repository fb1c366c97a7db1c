// API Gateway's WebSocket API on one local port: handshake through $connect, route selection,
// $disconnect, timeouts, and the management API, calling one Lambda handler in-process.
import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { localCredentials } from '../dynamodb-local.ts';
import { runInvocation } from '../invoke-store.ts';
import { lambdaContext } from '../lambda-context.ts';
import { Connection } from './connection.ts';
import { connectEvent, disconnectEvent, messageEvent } from './events.ts';
import { FrameQueue, FrameTurns } from './frame-queue.ts';
import { apiStyleId, awsStyleId } from './ids.ts';
import { managementApi } from './management-api.ts';
import { routeSelector } from './routes.ts';
import type { WebSocketEvent, WsEmulator, WsEmulatorOptions } from './types.ts';

/** API Gateway gives up on an integration after 29 s; a handler may budget against that. */
const INTEGRATION_TIMEOUT_MS = 29_000;

/** close() waits this long at most for handler invocations still running. */
const closeWaitMs = 5000;

const errorText = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** $connect's verdict: no status (or a bare string body) is 200, as for a Lambda proxy result. */
function connectResult(result: APIGatewayProxyResultV2 | void | undefined): { status: number; protocol?: string } {
  if (!result || typeof result !== 'object') return { status: 200 };
  const headers = Object.entries(result.headers ?? {});
  const protocol = headers.find(([name]) => name.toLowerCase() === 'sec-websocket-protocol')?.[1];
  const status = result.statusCode ?? 200;
  // A status HTTP cannot carry is a malformed integration response: API Gateway answers 502.
  if (!Number.isInteger(status) || status < 100 || status > 599) return { status: 502 };
  return { status, ...(protocol === undefined ? {} : { protocol: String(protocol) }) };
}

/** What a two-way route sends: the proxy result's body (a bare string is the body itself), else an empty frame. */
function routeResponseBody(result: APIGatewayProxyResultV2 | void | undefined): string {
  if (typeof result === 'string') return result;
  return typeof result?.body === 'string' ? result.body : '';
}

/** A refused handshake: a plain HTTP response, then the socket goes. */
function refuse(socket: Duplex, status: number): void {
  if (!socket.writable) return void socket.destroy();
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The close codes ws uses for the protocol errors it detects. */
const protocolErrorCodes: Record<string, number> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
  WS_ERR_INVALID_UTF8: 1007,
};

const toBuffer = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

export async function startWsEmulator(options: WsEmulatorOptions): Promise<WsEmulator> {
  const stage = options.stage ?? 'local';
  const idleTimeoutMs = options.idleTimeoutMs ?? 10 * 60_000;
  const maxConnectionMs = options.maxConnectionMs ?? 2 * 3600_000;
  const maxMessageBytes = options.maxMessageBytes ?? 128 * 1024;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const sendDisconnectEvents = options.sendDisconnectEvents ?? true;
  const maxInFlightPerConnection = options.maxInFlightPerConnection ?? 16;
  const maxQueuedPerConnection = options.maxQueuedPerConnection ?? 64;
  const turns = new FrameTurns();
  const log = options.log ?? (() => {});
  // Connection ids only at debug level: an id is what the management API needs to reach a client.
  const debug = options.debug ?? (() => {});
  const selectRoute = routeSelector(options.routeKeys);
  const twoWay = new Set(options.twoWayRouteKeys ?? []);
  const apiId = apiStyleId();

  const connections = new Map<string, Connection>();
  const issuedIds = new Set<string>(); // an id is never reused, so a gone id stays gone
  const postFaults = new Map<string, { remaining: number; status: number }>();
  const running = new Set<Promise<unknown>>();
  // Frames received whose invocation has not settled yet (queued or running), of every connection.
  let framesPending = 0;
  const protocols = new WeakMap<IncomingMessage, string>();
  let closing: Promise<void> | undefined;

  /** One Lambda invocation; tracked so close() can wait for it. */
  function invoke(event: WebSocketEvent) {
    const context = lambdaContext('local-ws', INTEGRATION_TIMEOUT_MS);
    const call = Promise.resolve().then(() => runInvocation(context, () => options.handler(event, context)));
    const tracked = call.catch(() => {}).finally(() => running.delete(tracked));
    running.add(tracked);
    return call;
  }

  function newConnectionId(): string {
    let id = awsStyleId();
    while (issuedIds.has(id)) id = awsStyleId();
    issuedIds.add(id);
    return id;
  }

  function ended(connection: Connection, code: number, reason: string): void {
    if (!connection.end()) return;
    connections.delete(connection.id);
    postFaults.delete(connection.id);
    debug(`disconnected ${connection.id} (${code}${reason ? ` ${reason}` : ''})`);
    if (!sendDisconnectEvents) return;
    invoke(disconnectEvent(connection.facts, code, reason)).catch((err: unknown) => {
      log(`$disconnect handler failed: ${errorText(err)}`);
      debug(`$disconnect handler failed for ${connection.id}`);
    });
  }

  function slowConsumerCut(connection: Connection): void {
    log(`closed a connection that stopped reading (over ${maxBufferedBytes} bytes unsent)`);
    debug(`closed ${connection.id}: it stopped reading`);
  }

  function onMessage(connection: Connection, data: Buffer, isBinary: boolean): Promise<unknown> {
    // API Gateway passes binary frames base64-encoded; they match no action.
    const body = isBinary ? data.toString('base64') : data.toString('utf8');
    const routeKey = isBinary ? '$default' : selectRoute(body);
    const event = messageEvent(connection.facts, routeKey, body, isBinary);
    return invoke(event).then(
      (result) => {
        // A two-way route's answer goes back on the socket it came in on, no management API call;
        // it counts toward the unsent-data bound as a post does.
        if (!twoWay.has(routeKey) || !connection.open) return;
        if (!connection.send(Buffer.from(routeResponseBody(result)), maxBufferedBytes)) slowConsumerCut(connection);
      },
      (err: unknown) => {
        log(`${routeKey} handler failed: ${errorText(err)}`);
        debug(`${routeKey} handler failed for ${connection.id}`);
        const { requestId } = event.requestContext;
        // API Gateway's own frame for a failed integration, spacing included.
        const frame = `{"message": "Internal server error", "connectionId":"${connection.id}", "requestId":"${requestId}"}`;
        if (connection.open) connection.socket?.send(frame);
      },
    );
  }

  function opened(connection: Connection, socket: WebSocket): void {
    connection.attach(socket, idleTimeoutMs, maxConnectionMs);
    debug(`connected ${connection.id}`);
    const frames = new FrameQueue<{ data: Buffer; isBinary: boolean }>({
      maxInFlight: maxInFlightPerConnection,
      maxQueued: maxQueuedPerConnection,
      turns,
      run: ({ data, isBinary }) => onMessage(connection, data, isBinary).finally(() => framesPending--),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
    });
    socket.on('message', (data, isBinary) => {
      connection.touch();
      framesPending++;
      frames.push({ data: toBuffer(data), isBinary });
    });
    socket.on('ping', () => connection.touch());
    socket.on('pong', () => connection.touch());
    // ws reports protocol errors here and closes the socket itself; $disconnect reports its code.
    socket.on('error', (err: Error & { code?: string }) => {
      log(`socket error: ${err.message}`);
      debug(`socket error on ${connection.id}: ${err.message}`);
      if (err.code?.startsWith('WS_ERR_')) connection.close(protocolErrorCodes[err.code] ?? 1002, err.message);
    });
    socket.on('close', (code, reason) => {
      const cause = connection.disconnectCause(code, reason.toString());
      ended(connection, cause.code, cause.reason);
    });
  }

  async function handshake(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', (err) => log(`handshake socket: ${err.message}`));
    if (closing) return refuse(socket, 503);
    if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') return refuse(socket, 400);

    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const userAgent = req.headers['user-agent'];
    const connection = new Connection({
      connectionId: newConnectionId(),
      connectedAt: Date.now(),
      identity: userAgent === undefined ? { sourceIp } : { sourceIp, userAgent },
      stage,
      domainName: 'localhost',
      apiId,
    });
    connection.rawSocket = socket;
    connections.set(connection.id, connection);

    let verdict: ReturnType<typeof connectResult>;
    try {
      const event = connectEvent(connection.facts, { rawHeaders: req.rawHeaders, url: req.url ?? '/', port });
      verdict = connectResult(await invoke(event));
    } catch (err) {
      log(`$connect handler failed: ${errorText(err)}`);
      // What API Gateway answers when the $connect integration's Lambda fails.
      verdict = { status: 502 };
    }
    if (verdict.status < 200 || verdict.status > 299) {
      connection.end();
      connections.delete(connection.id);
      log(`refused a connection: $connect answered ${verdict.status}`);
      return refuse(socket, verdict.status);
    }

    // $connect said yes: from here on, the end of the connection is a $disconnect.
    if (verdict.protocol !== undefined) protocols.set(req, verdict.protocol);
    if (!closing && !socket.destroyed) wss.handleUpgrade(req, socket, head, (ws) => opened(connection, ws));
    // handleUpgrade is synchronous; without a socket now, the client left or the upgrade was refused.
    if (!connection.socket) {
      socket.destroy();
      const cause = connection.disconnectCause(1006, '');
      ended(connection, cause.code, cause.reason);
    }
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes,
    // As on AWS, a subprotocol is agreed only when $connect answers a Sec-WebSocket-Protocol header.
    handleProtocols: (_offered, req) => protocols.get(req) ?? false,
  });
  const server = createServer(
    managementApi(
      {
        stage,
        maxMessageBytes,
        maxBufferedBytes,
        onSlowConsumer: slowConsumerCut,
        find: (id) => {
          const connection = connections.get(id);
          return connection?.open ? connection : undefined;
        },
        takePostFault: (id) => {
          const fault = postFaults.get(id);
          if (!fault) return undefined;
          if (--fault.remaining <= 0) postFaults.delete(id);
          return fault.status;
        },
        health: options.health ?? (async () => true),
        credentials: options.credentials ?? localCredentials,
        now: Date.now,
      },
      log,
    ),
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handshake(req, socket, head).catch((err: unknown) => {
      log(`handshake failed: ${errorText(err)}`);
      socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log(`server: ${err.message}`));
  const port = (server.address() as AddressInfo).port;

  async function shutdown(): Promise<void> {
    const all = [...connections.values()];
    for (const connection of all) connection.close(1001, 'Going away');
    const settled = Promise.all([...all.map((c) => c.ended), ...running]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, closeWaitMs).unref())]);
    // Whatever started in the meantime ($disconnect events) gets the same bounded wait.
    await Promise.race([Promise.all(running), new Promise((resolve) => setTimeout(resolve, closeWaitMs).unref())]);
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => {
      wss.close(() => resolve());
    });
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // the SDK's keep-alive sockets
    });
    log('closed');
  }

  return {
    port,
    url: `ws://localhost:${port}`,
    managementEndpoint: `http://localhost:${port}`,
    connectionIds: () => [...connections.values()].filter((c) => c.open).map((c) => c.id),
    framesPending: () => framesPending,
    failNextPosts(connectionId, count, status = 500) {
      if (count > 0) postFaults.set(connectionId, { remaining: count, status });
      else postFaults.delete(connectionId);
    },
    close: () => (closing ??= shutdown()),
  };
}
