import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '@chat/api/app';
import { createDeps } from '@chat/api/deps';
import { parseEnv } from '@chat/api/env';
import { actionNames } from '@chat/contract';
import { createDb, messageStreamMapping, provision, tableNamesFor } from '@chat/db';
import { localCredentials, localRegion, startDynamoDbLocal, startStreamPoller, startWsEmulator } from '@chat/local-runtime';
import { createDeps as createWsDeps } from '@chat/ws/deps';
import { parseEnv as parseWsEnv } from '@chat/ws/env';
import { createHandler, type WsHandler } from '@chat/ws/handler';
import { serve } from '@hono/node-server';
import type { LocalConfig } from './config.ts';
import { loadOrCreateSecret } from './secret.ts';

export interface LocalStack {
  urls: { dynamodb: string; api: string; ws: string };
  stop(): Promise<void>;
}

/** DynamoDB Local, the tables, and the api app: the same handler code as on AWS. */
export async function startLocalStack(config: LocalConfig, log: (line: string) => void = () => {}): Promise<LocalStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    mkdirSync(join(config.dataDir, 'dynamodb'), { recursive: true });
    const dynamo = await startDynamoDbLocal({ port: config.ports.dynamodb, dataDir: join(config.dataDir, 'dynamodb') });
    stops.push(dynamo.stop);
    log(`DynamoDB Local  ${dynamo.endpoint}  (data in ${join(config.dataDir, 'dynamodb')})`);

    // Every SDK client of the stack uses the same fake credentials and region.
    process.env.AWS_ACCESS_KEY_ID ??= localCredentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY ??= localCredentials.secretAccessKey;
    const names = tableNamesFor('chat-');
    const jwtSecret = loadOrCreateSecret(join(config.dataDir, 'jwt-secret'));
    const env = parseEnv({
      USERS_TABLE: names.users,
      MESSAGES_TABLE: names.messages,
      CONNECTIONS_TABLE: names.connections,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: localRegion,
      JWT_SECRET: jwtSecret,
      CORS_ORIGINS: config.webOrigin,
      PORT: String(config.ports.api),
    });
    const db = createDb({ names, clientConfig: { endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials } });
    const created = await provision(db);
    db.client.destroy();
    if (created.length) log(`created tables   ${created.join(', ')}`);

    const api = serve({ fetch: createApp(createDeps(env)).fetch, port: env.PORT });
    await new Promise<void>((resolve, reject) => api.once('listening', resolve).once('error', reject));
    stops.push(() => new Promise((resolve) => api.close(() => resolve())));
    const apiUrl = `http://localhost:${(api.address() as AddressInfo).port}/trpc`;
    log(`API (tRPC)      ${apiUrl}`);

    // The ws Lambda's handler behind the API Gateway emulator; the emulator's port is its
    // @connections endpoint, so it is started first and the handler plugged in after.
    const ws: { handler?: WsHandler } = {};
    const emulator = await startWsEmulator({
      port: config.ports.ws,
      routeKeys: actionNames,
      handler: (event, context) => ws.handler!(event as never, context),
      log,
    });
    stops.push(() => emulator.close());
    ws.handler = createHandler(
      createWsDeps(
        parseWsEnv({
          USERS_TABLE: names.users,
          MESSAGES_TABLE: names.messages,
          CONNECTIONS_TABLE: names.connections,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          AWS_REGION: localRegion,
          JWT_SECRET: jwtSecret,
          WS_MANAGEMENT_ENDPOINT: emulator.managementEndpoint,
        }),
      ),
    );
    log(`WebSocket        ${emulator.url}  (@connections at ${emulator.managementEndpoint})`);

    // Plays the event source mapping from the messages stream to the same handler.
    const poller = await startStreamPoller({
      endpoint: dynamo.endpoint,
      tableName: names.messages,
      handler: (event, context) => ws.handler!(event, context),
      mapping: messageStreamMapping,
      checkpointFile: join(config.dataDir, 'stream-checkpoint.json'),
      log,
    });
    stops.push(() => poller.stop());
    log(`Streams poller   ${names.messages} -> ws handler`);

    return { urls: { dynamodb: dynamo.endpoint, api: apiUrl, ws: emulator.url }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
