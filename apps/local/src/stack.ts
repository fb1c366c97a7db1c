import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '@chat/api/app';
import { createDeps, lambdaRequestContext, nodeClientAddress } from '@chat/api/deps';
import { parseEnv } from '@chat/api/env';
import { actionNames } from '@chat/contract';
import { createDb, messageStreamMapping, provision, type TableNames, tableNamesFor } from '@chat/db';
import {
  lambdaContext,
  localCredentials,
  localRegion,
  makePrivate,
  runInvocation,
  startStreamPoller,
  superviseDynamoDbLocal,
  startWsEmulator,
  type WsEmulator,
} from '@chat/local-runtime';
import { createDeps as createWsDeps } from '@chat/ws/deps';
import { parseEnv as parseWsEnv } from '@chat/ws/env';
import { createHandler, twoWayRouteKeys, type WsHandler } from '@chat/ws/handler';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import type { LocalConfig } from './config.ts';
import { loadOrCreateSecret } from './secret.ts';
import { startWebServer, type WebRuntimeConfig } from './web-server.ts';

export interface LocalStack {
  urls: { dynamodb: string; api: string; ws: string; web: string | null };
  /** The tables the stack provisioned in its DynamoDB Local. */
  tableNames: TableNames;
  /** The Java process of DynamoDB Local now (another one after a restart; null while down). */
  dynamoDbPid(): number | null;
  /** Closes the WebSocket side (every client sees its socket drop; new handshakes are refused). */
  stopWebSocket(): Promise<void>;
  /** Starts the WebSocket side again, on the same port, with the same handler. */
  startWebSocket(): Promise<void>;
  /** stopWebSocket, `downMs` of nothing, startWebSocket. */
  restartWebSocket(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StackEvents {
  log?: (line: string) => void;
  /** Lines that name connections (the emulator's); dropped when absent. */
  debug?: (line: string) => void;
  /** Something the stack cannot recover from (DynamoDB Local died and would not restart): stop it. */
  onFatal?: (err: Error) => void;
}

/** Every listener but DynamoDB Local's (which cannot be bound, see README) is on loopback only. */
export const loopback = '127.0.0.1';

const EADDRINUSE = (err: unknown) => (err as { code?: string } | null)?.code === 'EADDRINUSE';

/** Starts a listener; a taken port fails with which service, which port and which variable moves it. */
async function listening<T>(what: string, variable: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (EADDRINUSE(err)) {
      throw new Error(`${what}: port ${port} is already in use by another program (set ${variable} to use another port)`, { cause: err });
    }
    throw err;
  }
}

/**
 * The whole chat on this machine: DynamoDB Local and the tables, the api app, the ws handler
 * behind the API Gateway WebSocket emulator, the Streams poller, and the web app's build.
 * The same handler code as on AWS.
 */
export async function startLocalStack(config: LocalConfig, events: StackEvents | ((line: string) => void) = {}): Promise<LocalStack> {
  const { log = () => {}, debug, onFatal } = typeof events === 'function' ? { log: events } : events;
  const stops: (() => Promise<void>)[] = [];
  let releaseDynamo = () => {};
  const stop = async () => {
    releaseDynamo(); // stopped last, but its exit is expected from now on
    for (const s of stops.splice(0).reverse()) await s().catch(() => {});
  };
  try {
    if (config.dataDir !== null) makePrivate(config.dataDir);
    const dynamoDir = config.dataDir === null ? undefined : join(config.dataDir, 'dynamodb');
    const names = tableNamesFor('chat-');
    // Creates what is missing: everything for an in-memory database, nothing for a data folder.
    const provisionAt = async (endpoint: string) => {
      const db = createDb({ names, clientConfig: { endpoint, region: localRegion, credentials: localCredentials } });
      try {
        return await provision(db);
      } finally {
        db.client.destroy();
      }
    };
    const dynamo = await listening('DynamoDB Local', 'DYNAMODB_PORT', config.ports.dynamodb, () =>
      superviseDynamoDbLocal({
        port: config.ports.dynamodb,
        ...(dynamoDir && { dataDir: dynamoDir }),
        log,
        onRestart: async (endpoint) => {
          const created = await provisionAt(endpoint);
          if (created.length) log(`created tables   ${created.join(', ')} (the in-memory database started empty)`);
        },
        onGiveUp: (err) => onFatal?.(err),
      }),
    );
    stops.push(dynamo.stop);
    releaseDynamo = dynamo.release;
    log(`DynamoDB Local  ${dynamo.endpoint}  (${dynamoDir ? `data in ${dynamoDir}` : 'in memory'}; listens on every interface, see README)`);

    // Every SDK client of the stack uses the same fake credentials and region.
    process.env.AWS_ACCESS_KEY_ID ??= localCredentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY ??= localCredentials.secretAccessKey;
    // The ws handler's management client signs with them, and the emulator accepts only them.
    const signingCredentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };
    const jwtSecret =
      config.dataDir === null ? randomBytes(48).toString('base64url') : loadOrCreateSecret(join(config.dataDir, 'jwt-secret'));
    const created = await provisionAt(dynamo.endpoint);
    if (created.length) log(`created tables   ${created.join(', ')}`);

    // The web server first: its real port is the origin the API lets through CORS.
    const runtimeConfig: WebRuntimeConfig = { apiUrl: '', wsUrl: '' };
    let webUrl: string | null = null;
    let webOrigins: string[] = [];
    if (config.webDir !== null) {
      const webDir = config.webDir;
      const web = await listening('web app', 'WEB_PORT', config.ports.web, () =>
        startWebServer({ dir: webDir, host: loopback, port: config.ports.web, config: () => runtimeConfig }),
      );
      stops.push(() => web.close());
      webUrl = web.url;
      webOrigins = [web.url, `http://127.0.0.1:${web.port}`];
    }

    // What both Lambdas read, as Lambda's environment would hold it.
    const lambdaEnv = {
      USERS_TABLE: names.users,
      MESSAGES_TABLE: names.messages,
      CONNECTIONS_TABLE: names.connections,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: localRegion,
      JWT_SECRET: jwtSecret,
    };
    const env = parseEnv({
      ...lambdaEnv,
      CORS_ORIGINS: webOrigins.join(',') || 'http://localhost:5173',
      PORT: String(config.ports.api),
    });
    const deps = createDeps(env, undefined, config.throttlePolicies && { throttlePolicies: config.throttlePolicies });
    const app = createApp({ ...deps, health: dynamo.healthy, clientAddress: nodeClientAddress, requestContext: lambdaRequestContext });
    // Each request as a Lambda invocation of its own: a request id, and its own log keys while others run.
    const fetch = (request: Request, env: HttpBindings | Http2Bindings) => {
      const context = lambdaContext('local-api', 10_000);
      return runInvocation(context, () => app.fetch(request, { ...env, lambdaContext: context }));
    };
    const api = await listening('API', 'API_PORT', config.ports.api, async () => {
      const server = serve({ fetch, port: env.PORT, hostname: loopback });
      await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
      return server;
    });
    stops.push(() => new Promise((resolve) => api.close(() => resolve())));
    const apiUrl = `http://localhost:${(api.address() as AddressInfo).port}/trpc`;
    log(`API (tRPC)      ${apiUrl}`);

    // The ws Lambda's handler behind the API Gateway emulator; the emulator's port is its
    // @connections endpoint, so it is started first and the handler plugged in after.
    const ws: { handler?: WsHandler } = {};
    const startEmulator = (port: number) =>
      listening('WebSocket', 'WS_PORT', port, () =>
        startWsEmulator({
          port,
          host: loopback,
          health: dynamo.healthy,
          routeKeys: actionNames,
          twoWayRouteKeys,
          handler: (event, context) => ws.handler!(event as never, context),
          credentials: signingCredentials,
          log,
          ...(debug && { debug }),
        }),
      );
    let emulator: WsEmulator | null = await startEmulator(config.ports.ws);
    const wsPort = emulator.port;
    stops.push(async () => {
      await emulator?.close();
      emulator = null;
    });
    ws.handler = createHandler({
      ...createWsDeps(
        parseWsEnv({
          ...lambdaEnv,
          WS_MANAGEMENT_ENDPOINT: emulator.managementEndpoint,
        }),
      ),
      ...(config.actionBudgets && { actionBudgets: config.actionBudgets }),
    });
    const wsUrl = emulator.url;
    log(`WebSocket        ${wsUrl}  (@connections at ${emulator.managementEndpoint})`);

    // Plays the event source mapping from the messages stream to the same handler.
    const poller = await startStreamPoller({
      endpoint: dynamo.endpoint,
      tableName: names.messages,
      handler: (event, context) => ws.handler!(event, context),
      mapping: messageStreamMapping,
      ...(config.dataDir !== null && { checkpointFile: join(config.dataDir, 'stream-checkpoint.json') }),
      log,
    });
    stops.push(() => poller.stop());
    log(`Streams poller   ${names.messages} -> ws handler`);

    runtimeConfig.apiUrl = apiUrl;
    runtimeConfig.wsUrl = wsUrl;
    if (webUrl) log(`web app          ${webUrl}  (config: ${webUrl}/config.json)`);

    const stopWebSocket = async () => {
      const running = emulator;
      emulator = null;
      await running?.close();
    };
    const startWebSocket = async () => {
      if (emulator) return;
      emulator = await startEmulator(wsPort);
    };
    return {
      urls: { dynamodb: dynamo.endpoint, api: apiUrl, ws: wsUrl, web: webUrl },
      tableNames: names,
      dynamoDbPid: dynamo.pid,
      stopWebSocket,
      startWebSocket,
      async restartWebSocket(downMs = 0) {
        await stopWebSocket();
        await new Promise((resolve) => setTimeout(resolve, downMs));
        await startWebSocket();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
