// One realtime stack per scenario: fresh tables in a shared DynamoDB Local, the API Gateway
// emulator and the Streams poller, with our stream fan-out or the baseline's swapped in.
import { actionNames } from '@chat/contract';
import { addMember, connectionsOfUsers, createDb, createRoom, isConditionFailed, messageStreamMapping, provision, subscribe, tableNamesFor, type Db } from '@chat/db';
import { localCredentials, localRegion, startStreamPoller, startWsEmulator } from '@chat/local-runtime';
import { createDeps, type WsDeps } from '@chat/ws/deps';
import { parseEnv } from '@chat/ws/env';
import { createHandler, twoWayRouteKeys, type WsHandler } from '@chat/ws/handler';
import { createManagementClient } from '@chat/ws/poster';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { createBaselineStreamHandler } from './baseline-broadcaster.ts';
import { type BenchClient, openClients } from './clients.ts';

export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret!';
export type Design = 'ours' | 'baseline';

/**
 * `wrap` swaps parts of the handler (a naive design's routes) and observes it; the stream
 * and the routes both go through the wrapped handler.
 */
export async function startBenchStack(
  endpoint: string,
  design: Design,
  options: { wrap?: (handler: WsHandler, deps: WsDeps) => WsHandler } = {},
) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.AWS_ACCESS_KEY_ID ??= localCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= localCredentials.secretAccessKey;
  const names = tableNamesFor(`b${crypto.randomUUID().slice(0, 6)}-`);
  const db: Db = createDb({ names, clientConfig: { endpoint, region: localRegion, credentials: localCredentials } });
  await provision(db);
  const ref: { handler?: WsHandler; stream?: (e: DynamoDBStreamEvent) => Promise<unknown> } = {};
  const emulator = await startWsEmulator({
    port: 0,
    routeKeys: actionNames,
    twoWayRouteKeys,
    handler: (event, context) => ref.handler!(event as never, context),
    // Teardown of hundreds of clients would otherwise be a storm of presence updates.
    sendDisconnectEvents: false,
  });
  const deps: WsDeps = createDeps(
    parseEnv({
      USERS_TABLE: names.users,
      MESSAGES_TABLE: names.messages,
      CONNECTIONS_TABLE: names.connections,
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: localRegion,
      JWT_SECRET: BENCH_SECRET,
      WS_MANAGEMENT_ENDPOINT: emulator.managementEndpoint,
    }),
  );
  ref.handler = options.wrap ? options.wrap(createHandler(deps), deps) : createHandler(deps);
  const baseline = createBaselineStreamHandler(db, createManagementClient(emulator.managementEndpoint, localRegion, 3000));
  const poller = await startStreamPoller({
    endpoint,
    tableName: names.messages,
    mapping: messageStreamMapping,
    handler: (event, context) => (design === 'ours' ? ref.handler!(event, context) : baseline(event)),
    log: () => {},
  });
  return {
    db,
    deps,
    emulator,
    newRoom: async (name: string) => (await createRoom(db, { name, createdBy: 'bench', now: Date.now() })).id,
    token: async (id: string) => {
      await ensureUser(db, id);
      return deps.tokens.issue({ id, username: id });
    },
    /**
     * `count` clients, client i of user `userOf(i)` a member of `roomOf(i)` and focusing it, as
     * connecting with `?room=` did before v2 part 2, written directly (no joinRoom: no presence
     * or room frames in the figures). Each user has one connection.
     */
    async openMembers(count: number, userOf: (i: number) => string, roomOf: (i: number) => string): Promise<BenchClient[]> {
      const clients = await openClients(count, async (i) => {
        await addMember(db, roomOf(i), { id: userOf(i), username: userOf(i) }, Date.now());
        await ensureUser(db, userOf(i));
        return `${emulator.url}?token=${await deps.tokens.issue({ id: userOf(i), username: userOf(i) })}`;
      });
      const users = Array.from({ length: count }, (_, i) => userOf(i));
      const connectionOf = new Map((await connectionsOfUsers(db, users)).map((c) => [c.userId, c.connectionId]));
      const expiresAt = Math.floor(Date.now() / 1000) + 3600;
      for (let i = 0; i < count; i += 64) {
        await Promise.all(
          users.slice(i, i + 64).map((userId, k) =>
            subscribe(db, { connectionId: connectionOf.get(userId)!, userId, username: userId, connectedAt: Date.now(), expiresAt }, roomOf(i + k), Date.now()),
          ),
        );
      }
      return clients;
    },
    async stop() {
      await poller.stop();
      await emulator.close();
      db.client.destroy();
      deps.db.client.destroy();
    },
  };
}

export type BenchStack = Awaited<ReturnType<typeof startBenchStack>>;

/** A token of a user that does not exist is refused: a bench user gets a User item unless it has one. */
async function ensureUser(db: Db, id: string): Promise<void> {
  try {
    await db.entities.User.build(PutItemCommand)
      .item({ id, email: `${id}@bench.invalid`, username: id, passwordHash: '-', createdAt: Date.now() })
      .options({ condition: { attr: 'id', exists: false } })
      .send();
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
  }
}
