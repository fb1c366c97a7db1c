// 8. Membership (v2 part 2): what connecting and fanning out cost now that a connection gets
// every member room's messages from $connect on.
// - connect: a user in R rooms opens a socket K times; DynamoDB requests per $connect, counted on
//   the handler's client, and the handshake's latency. Ours: the connection item and an ADD to
//   the user's UserConnections set. Baseline: the per-room subscription model it replaces (the
//   connection, a Query of the user's memberships, a Subscription item per room in
//   BatchWriteItems of 25), swapped in for $connect on the same stack.
// - fan-out: a room of N members, all connected (none focusing it); one sender sends M messages;
//   latency send -> receipt at every member, and DynamoDB requests per stream batch (one Query of
//   the members, one BatchGetItem per 100 of them). N=10 beside N=1000 on the same machine.
// - invite: addMember of a connected user -> the `room` frame on its socket (the stream's
//   Membership INSERT, roomSummary, one post), 20 times.
import { AsyncLocalStorage } from 'node:async_hooks';
import { addMember, createRoom, membershipsOf, type StoredConnection } from '@chat/db';
import type { ServerEvent } from '@chat/contract';
import type { WsHandler } from '@chat/ws/handler';
import type { APIGatewayProxyWebsocketEventV2, Context, DynamoDBStreamEvent } from 'aws-lambda';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { BatchWriteCommand, execute as executeBatchWrite } from 'dynamodb-toolbox/table/actions/batchWrite';
import { BenchClient, closeAll, openClients, percentile, sleep } from './clients.ts';
import { type BenchStack, startBenchStack } from './stack.ts';

export type ConnectDesign = 'ours' | 'per-room';

/** A route event; $connect's carries the query string. */
type ConnectEvent = APIGatewayProxyWebsocketEventV2 & { queryStringParameters?: Record<string, string | undefined> | null };

export interface ConnectCost {
  design: ConnectDesign;
  rooms: number;
  /** DynamoDB requests per $connect, by operation. */
  requests: Record<string, number>;
  /** Handshake (JWT + $connect's writes) p50 / p95, ms. */
  p50: number;
  p95: number;
}

export interface FanOutCost {
  members: number;
  messages: number;
  p50: number;
  p95: number;
  completeness: number;
  /** DynamoDB requests per stream batch, by operation (mean over the measured batches). */
  requestsPerBatch: Record<string, number>;
  batches: number;
}

/** An invite (addMember) to the invitee's open socket's `room` frame, ms. */
export interface InviteLatency {
  invites: number;
  p50: number;
  p95: number;
  max: number;
}

export interface MembershipResult {
  connect: ConnectCost[];
  fanOut: FanOutCost[];
  invite?: InviteLatency;
}

const CONNECTS = 30;
const INVITES = 20;
const MESSAGES = 20;
const SEND_INTERVAL_MS = 300;

/** Counts the DynamoDB requests made inside `scope.run(label, ...)`, by label and operation. */
function countRequests(stack: BenchStack) {
  const scope = new AsyncLocalStorage<string>();
  const counts = new Map<string, Map<string, number>>();
  stack.deps.db.client.middlewareStack.add(
    (next, context) => async (args) => {
      const label = scope.getStore();
      if (label) {
        const byOp = counts.get(label) ?? new Map<string, number>();
        const op = context.commandName?.replace(/Command$/, '') ?? '?';
        byOp.set(op, (byOp.get(op) ?? 0) + 1);
        counts.set(label, byOp);
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return {
    scope,
    take(label: string): Record<string, number> {
      const found = Object.fromEntries(counts.get(label) ?? []);
      counts.delete(label);
      return found;
    },
  };
}

/** $connect as the per-room model ran it: the connection, then a subscription to every member room. */
function perRoomConnect(handler: WsHandler, stack: () => BenchStack): WsHandler {
  return (async (event: ConnectEvent | DynamoDBStreamEvent, context: Context) => {
    if ('Records' in event || event.requestContext.routeKey !== '$connect') return handler(event as never, context);
    const { deps, db } = stack();
    const token = event.queryStringParameters?.token;
    const principal = token ? await deps.tokens.verify(token) : null;
    if (!principal) return { statusCode: 401 };
    const now = Date.now();
    const connection: StoredConnection = {
      connectionId: event.requestContext.connectionId,
      userId: principal.id,
      username: principal.username,
      connectedAt: now,
      expiresAt: Math.floor(now / 1000) + 3600,
    };
    const rooms = await membershipsOf(deps.db, principal.id);
    const requests = [
      db.entities.Connection.build(BatchPutRequest).item(connection),
      ...rooms.map(({ roomId }) =>
        db.entities.Subscription.build(BatchPutRequest).item({ ...connection, roomId, focusedAt: now }),
      ),
    ];
    for (let i = 0; i < requests.length; i += 25) {
      await executeBatchWrite({ maxAttempts: 5 }, deps.db.tables.connections.build(BatchWriteCommand).requests(...requests.slice(i, i + 25)));
    }
    return { statusCode: 200 };
  }) as unknown as WsHandler;
}

export async function connectCost(endpoint: string, design: ConnectDesign, rooms: number): Promise<ConnectCost> {
  const ref: { stack?: BenchStack; counter?: ReturnType<typeof countRequests> } = {};
  const stack = await startBenchStack(endpoint, 'ours', {
    wrap: (handler) => {
      const inner = design === 'per-room' ? perRoomConnect(handler, () => ref.stack!) : handler;
      return (async (event: ConnectEvent | DynamoDBStreamEvent, context: Context) =>
        !('Records' in event) && event.requestContext.routeKey === '$connect' && ref.counter
          ? ref.counter.scope.run('connect', () => inner(event as never, context))
          : inner(event as never, context)) as unknown as WsHandler;
    },
  });
  ref.stack = stack;
  const counter = (ref.counter = countRequests(stack));
  try {
    const user = { id: 'joiner', username: 'joiner' };
    for (let i = 0; i < rooms; i++) {
      const room = await createRoom(stack.db, { name: `member ${i}`, createdBy: 'bench', now: Date.now() });
      await addMember(stack.db, room.id, user, Date.now());
    }
    const url = `${stack.emulator.url}?token=${await stack.token(user.id)}`;
    // Warm-up: first-use costs of the clients and code paths.
    (await BenchClient.open(url)).ws.terminate();
    counter.take('connect');
    const latencies: number[] = [];
    for (let i = 0; i < CONNECTS; i++) {
      const started = performance.now();
      const client = await BenchClient.open(url);
      latencies.push(performance.now() - started);
      client.ws.terminate();
    }
    const total = counter.take('connect');
    latencies.sort((a, b) => a - b);
    return {
      design,
      rooms,
      requests: Object.fromEntries(Object.entries(total).map(([op, count]) => [op, count / CONNECTS])),
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
    };
  } finally {
    await stack.stop();
  }
}

export async function fanOutCost(endpoint: string, members: number): Promise<FanOutCost> {
  const ref: { counter?: ReturnType<typeof countRequests> } = {};
  let batch = 0;
  const stack = await startBenchStack(endpoint, 'ours', {
    wrap: (handler) =>
      (async (event: ConnectEvent | DynamoDBStreamEvent, context: Context) =>
        'Records' in event && ref.counter ? ref.counter.scope.run(`batch ${++batch}`, () => handler(event as never, context)) : handler(event as never, context)) as unknown as WsHandler,
  });
  const counter = (ref.counter = countRequests(stack));
  try {
    const room = (await createRoom(stack.db, { name: 'members', createdBy: 'bench', now: Date.now() })).id;
    const clients = await openClients(members, async (i) => {
      await addMember(stack.db, room, { id: `m${i}`, username: `m${i}` }, Date.now());
      return `${stack.emulator.url}?token=${await stack.token(`m${i}`)}`;
    });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    for (const c of clients) c.onMessage = (m, at) => latencies.push(at - sentAt.get(m.clientMsgId)!);
    const sender = clients[0]!;
    // Warm-up, which also lets the setup's membership batches (room frames) drain; not measured.
    sentAt.set('warm', performance.now());
    sender.send({ action: 'sendMessage', roomId: room, text: 'warm-up', clientMsgId: 'warm' });
    const warmDeadline = Date.now() + 120_000;
    while (clients.some((c) => c.seen.size < 1) && Date.now() < warmDeadline) await sleep(20);
    latencies.length = 0;
    const measuredFrom = batch + 1;

    for (let i = 0; i < MESSAGES; i++) {
      sentAt.set(`f${i}`, performance.now());
      sender.send({ action: 'sendMessage', roomId: room, text: `fan-out ${i}`, clientMsgId: `f${i}` });
      await sleep(SEND_INTERVAL_MS);
    }
    const expected = MESSAGES * members;
    const deadline = Date.now() + 180_000;
    while (latencies.length < expected && Date.now() < deadline) await sleep(50);
    closeAll(clients);
    const perBatch = new Map<string, number>();
    let batches = 0;
    for (let b = measuredFrom; b <= batch; b++) {
      const counts = counter.take(`batch ${b}`);
      if (Object.keys(counts).length === 0) continue;
      batches++;
      for (const [op, n] of Object.entries(counts)) perBatch.set(op, (perBatch.get(op) ?? 0) + n);
    }
    latencies.sort((a, b) => a - b);
    return {
      members,
      messages: MESSAGES,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      completeness: latencies.length / expected,
      requestsPerBatch: Object.fromEntries([...perBatch].map(([op, n]) => [op, n / Math.max(1, batches)])),
      batches,
    };
  } finally {
    await stack.stop();
  }
}

export async function inviteLatency(endpoint: string): Promise<InviteLatency> {
  const stack = await startBenchStack(endpoint, 'ours');
  try {
    const user = { id: 'invitee', username: 'invitee' };
    const client = await BenchClient.open(`${stack.emulator.url}?token=${await stack.token(user.id)}`);
    const arrived = new Map<string, number>();
    client.ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerEvent;
      if (frame.type === 'room') arrived.set(frame.summary.room.id, performance.now());
    });
    const latencies: number[] = [];
    // One more than measured: the first pays the code paths' first use.
    for (let i = 0; i <= INVITES; i++) {
      const room = (await createRoom(stack.db, { name: `invite ${i}`, createdBy: 'bench', now: Date.now() })).id;
      const started = performance.now();
      await addMember(stack.db, room, user, Date.now());
      const deadline = Date.now() + 30_000;
      while (!arrived.has(room) && Date.now() < deadline) await sleep(5);
      if (i > 0) latencies.push((arrived.get(room) ?? Number.POSITIVE_INFINITY) - started);
    }
    client.ws.terminate();
    latencies.sort((a, b) => a - b);
    return { invites: INVITES, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1)! };
  } finally {
    await stack.stop();
  }
}

/** The whole case: connect for a user in 1 and in `rooms` rooms, both designs; fan-out at each size. */
export async function membership(endpoint: string, rooms: number, sizes: readonly number[]): Promise<MembershipResult> {
  const connect: ConnectCost[] = [];
  for (const r of [1, rooms]) for (const design of ['ours', 'per-room'] as const) connect.push(await connectCost(endpoint, design, r));
  const fanOut: FanOutCost[] = [];
  for (const n of sizes) fanOut.push(await fanOutCost(endpoint, n));
  return { connect, fanOut, invite: await inviteLatency(endpoint) };
}
