// Local entry: the same app on Node's HTTP server.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { nodeClientAddress } from './client-address.ts';
import { createDeps } from './deps.ts';
import { parseEnv } from './env.ts';

const env = parseEnv(process.env);
serve({ fetch: createApp({ ...createDeps(env), clientAddress: nodeClientAddress }).fetch, port: env.PORT });
