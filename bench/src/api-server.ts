// Child process for the API benchmark: the api app and a bare Hono route, each on its own
// port through @hono/node-server, so the load generator does not share their event loop.
import { createApp } from '@chat/api/app';
import { createDeps, nodeClientAddress } from '@chat/api/deps';
import { parseEnv } from '@chat/api/env';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

const [endpoint, users, messages, connections, secret] = process.argv.slice(2) as [string, string, string, string, string];
const env = parseEnv({
  USERS_TABLE: users,
  MESSAGES_TABLE: messages,
  CONNECTIONS_TABLE: connections,
  DYNAMODB_ENDPOINT: endpoint,
  JWT_SECRET: secret,
});
const api = serve({ fetch: createApp({ ...createDeps(env), clientAddress: nodeClientAddress }).fetch, port: 0, hostname: '127.0.0.1' });
const bare = new Hono().get('/bare', (c) => c.json({ ok: true }));
const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' });
await Promise.all([api, bareServer].map((s) => new Promise((r) => s.once('listening', r))));
process.send!({ api: (api.address() as AddressInfo).port, bare: (bareServer.address() as AddressInfo).port });
// A clean exit (not a kill) so that --cpu-prof can write its profile.
process.on('message', () => process.exit(0));
